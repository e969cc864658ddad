/** Node adapter: one ES module for `node dist/server/index.js` (@hono/node-server bundled in), static files from dist/client. */
import { join } from 'node:path';
import type { Adapter } from '../../src/build/adapter.ts';
import { siblingModule } from '../../src/build/framework-paths.ts';
import { spawnServer } from '../../src/cli/spawn-server.ts';

export default function node(): Adapter {
  return {
    name: 'node',
    async adapt(builder) {
      const bundle = await builder.bundleServer({
        entry: siblingModule(import.meta.url, 'entry'),
        platform: 'node',
        conditions: ['node', 'import'],
        entryOptions: builder.filesystemAssets(),
      });
      return { bundle, notes: ['run: node dist/server/index.js   (PORT, HOST; default 127.0.0.1:3000)'] };
    },
    preview: ({ root, host, port }) =>
      spawnServer(process.execPath, ['dist/server/index.js'], { cwd: root, env: { HOST: host, PORT: String(port) } }),
  };
}

/** Deno / Deno Deploy adapter: one ES module that serves itself, static files read from dist/client. */
import { join } from 'node:path';
import type { Adapter } from '../../src/build/adapter.ts';
import { siblingModule } from '../../src/build/framework-paths.ts';
import { peerBin } from '../../src/build/peers.ts';
import { spawnServer } from '../../src/cli/spawn-server.ts';

/** dist/server/main.js: the server as a program; index.js stays a plain module for `deno serve` and user code. */
const MAIN = `// Serves the site with Deno.serve on HOST:PORT (default 127.0.0.1:8000): deno run -A dist/server/main.js
import site from './index.js';

site.listen();
`;

export default function deno(): Adapter {
  return {
    name: 'deno',
    async adapt(builder) {
      const bundle = await builder.bundleServer({
        nodeBuiltins: { runtime: 'Deno', provided: 'all' },
        entry: siblingModule(import.meta.url, 'entry'),
        conditions: ['deno', 'worker', 'browser'],
        entryOptions: builder.filesystemAssets(),
      });
      builder.writeFile(join(builder.serverDir, 'main.js'), MAIN);
      return {
        bundle,
        notes: ['run: deno run -A dist/server/main.js   (or: deno serve -A dist/server/index.js)   deploy: deployctl deploy --entrypoint=dist/server/main.js'],
      };
    },
    preview: ({ root, host, port }) =>
      spawnServer(peerBin(root, 'deno', 'deno', 'edgepress preview (deno adapter)'), ['run', '-A', '--no-prompt', 'dist/server/main.js'], {
        cwd: root,
        env: { HOST: host, PORT: String(port), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      }),
  };
}

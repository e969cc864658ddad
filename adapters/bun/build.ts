/** Bun adapter: one ES module that serves itself with `Bun.serve`, static files read from dist/client. */
import { join } from 'node:path';
import type { Adapter } from '../../src/build/adapter.ts';
import { siblingModule } from '../../src/build/framework-paths.ts';
import { peerBin } from '../../src/build/peers.ts';
import { spawnServer } from '../../src/cli/spawn-server.ts';

export default function bun(): Adapter {
  return {
    name: 'bun',
    async adapt(builder) {
      const bundle = await builder.bundleServer({
        nodeBuiltins: { runtime: 'Bun', provided: 'all' },
        entry: siblingModule(import.meta.url, 'entry'),
        conditions: ['bun', 'worker', 'browser'],
        entryOptions: builder.filesystemAssets(),
      });
      return { bundle, notes: ['run: bun dist/server/index.js   (PORT, HOST; default 127.0.0.1:3000)'] };
    },
    preview: ({ root, host, port }) =>
      spawnServer(peerBin(root, 'bun', 'bun', 'edgepress preview (bun adapter)'), ['dist/server/index.js'], {
        cwd: root,
        env: { HOST: host, PORT: String(port), NO_COLOR: '1' },
      }),
  };
}

/** Deno / Deno Deploy adapter: one ES module that serves itself, static files read from dist/client. */
import { join, relative } from 'node:path';
import type { Adapter } from '../../src/build/adapter.ts';
import { frameworkPath } from '../../src/build/framework-paths.ts';
import { spawnServer } from '../../src/cli/spawn-server.ts';

export default function deno(): Adapter {
  return {
    name: 'deno',
    async adapt(builder) {
      const bundle = await builder.bundleServer({
        entry: join(import.meta.dirname, 'entry.ts'),
        conditions: ['deno', 'worker', 'browser'],
        entryOptions: { assets: builder.assetManifest(), clientDir: relative(builder.serverDir, builder.clientDir) },
      });
      return {
        bundle,
        notes: ['run: deno run -A dist/server/index.js   deploy: deployctl deploy --entrypoint=dist/server/index.js'],
      };
    },
    preview: ({ root, host, port }) =>
      spawnServer(frameworkPath('node_modules/.bin/deno'), ['run', '-A', '--no-prompt', 'dist/server/index.js'], {
        cwd: root,
        env: { HOST: host, PORT: String(port), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      }),
  };
}

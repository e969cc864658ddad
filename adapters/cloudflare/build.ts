/** Cloudflare Workers adapter: the worker bundle and dist/server/wrangler.json (assets binding). */
import { join } from 'node:path';
import type { AdapterName } from '../../src/config.ts';
import type { Adapter } from '../../src/build/adapter.ts';
import { serverWranglerConfig } from './wrangler-config.ts';

export default function cloudflare(name: AdapterName = 'cloudflare'): Adapter {
  return {
    name,
    async adapt(builder) {
      const entry = join(import.meta.dirname, 'entry.ts');
      const bundle = await builder.bundleServer({ entry, conditions: ['workerd', 'worker', 'browser'] });
      const config = serverWranglerConfig({
        root: builder.root,
        serverDir: builder.serverDir,
        clientDir: builder.clientDir,
        mainFile: bundle.file,
        trailingSlash: builder.config.trailingSlash,
      });
      builder.writeFile(join(builder.serverDir, 'wrangler.json'), JSON.stringify(config, null, 2));
      return { bundle, notes: ['run: npx wrangler dev -c dist/server/wrangler.json   deploy: npx wrangler deploy -c dist/server/wrangler.json'] };
    },
  };
}

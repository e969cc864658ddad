/**
 * Cloudflare Workers adapter: the worker bundle and dist/server/wrangler.json. 'cloudflare'
 * serves files with Workers Static Assets (`env.ASSETS`); 'cloudflare-kv' puts them in Workers
 * KV (`env.ASSETS_KV`, uploaded from dist/server/kv-assets.json) and embeds the asset manifest.
 */
import { join } from 'node:path';
import type { AdapterName } from '../../src/config.ts';
import type { Manifest } from '../../src/manifest.ts';
import type { Adapter } from '../../src/build/adapter.ts';
import { siblingModule } from '../../src/build/framework-paths.ts';
import { importPeer } from '../../src/build/peers.ts';
import { redirectsFile } from '../../src/build/platform-redirects.ts';
import { kvAssets } from './kv-assets.ts';
import { acceptedPages, pageHeadersFile } from './page-headers.ts';
import { cloudflareNodeBuiltins } from './node-compat.ts';
import { serverWranglerConfig, siteWranglerConfigFile } from './wrangler-config.ts';
import { wranglerJson } from './wrangler-json.ts';
import { wranglerToml } from './wrangler-toml.ts';

export default function cloudflare(name: AdapterName = 'cloudflare'): Adapter {
  const kv = name === 'cloudflare-kv';
  return {
    name,
    async adapt(builder) {
      const entry = siblingModule(import.meta.url, kv ? 'entry-kv' : 'entry');
      const entryOptions = kv ? { assets: builder.assetManifest() } : undefined;
      const bundle = await builder.bundleServer({
        entry,
        conditions: ['workerd', 'worker', 'browser'],
        entryOptions,
        nodeBuiltins: cloudflareNodeBuiltins(builder.root),
        // workerd provides `cloudflare:workers` (env, DurableObject, WorkflowEntrypoint...) and `cloudflare:email`.
        external: ['cloudflare:*'],
      });
      const config = serverWranglerConfig({
        root: builder.root,
        serverDir: builder.serverDir,
        clientDir: builder.clientDir,
        mainFile: bundle.file,
        trailingSlash: builder.config.trailingSlash,
      });
      const sessionNote = sessionBinding(bundle.session?.binding, config);
      const tagStore = needsTagStore(builder.manifest, bundle.invalidates) ? (builder.manifest.cacheBinding ?? 'CACHE_TAGS') : undefined;
      const tagNote = tagStore ? namespaceBinding(tagStore, config, 'route cache tag invalidations') : undefined;
      // Workers Static Assets answers these before the worker runs (and never serves the file itself).
      const rules = kv ? [] : builder.platformRedirects();
      if (rules.length > 0) builder.writeFile(join(builder.clientDir, '_redirects'), redirectsFile(rules));
      // KV assets are all served by the worker, which sends the headers the asset manifest carries.
      const headers = kv ? undefined : pageHeadersFile(builder.pageHeaders(), builder.clientDir, builder.config.trailingSlash, builder.config.base);
      if (headers) builder.writeFile(join(builder.clientDir, '_headers'), headers);
      const notes = ['run: npx wrangler dev -c dist/server/wrangler.json   deploy: npx wrangler deploy -c dist/server/wrangler.json'];
      if (sessionNote) notes.push(sessionNote);
      if (tagNote) notes.push(tagNote);
      if (kv) {
        builder.writeFile(join(builder.serverDir, 'kv-assets.json'), JSON.stringify(kvAssets(builder.clientDir, builder.assetManifest())));
        delete config.assets;
        const namespaces = ((config.kv_namespaces ?? []) as Array<{ binding: string; id?: string }>).filter((ns) => ns.binding !== 'ASSETS_KV');
        const own = ((config.kv_namespaces ?? []) as Array<{ binding: string; id?: string }>).find((ns) => ns.binding === 'ASSETS_KV');
        config.kv_namespaces = [...namespaces, { binding: 'ASSETS_KV', id: own?.id ?? '00000000000000000000000000000000' }];
        if (!own?.id) builder.warn('wrangler.toml has no [[kv_namespaces]] with binding "ASSETS_KV"; `npx edgepress add cloudflare-kv` writes one, then set its id before deploying.');
        notes.push('upload assets: npx wrangler kv bulk put dist/server/kv-assets.json --binding ASSETS_KV -c dist/server/wrangler.json --remote');
      }
      builder.writeFile(join(builder.serverDir, 'wrangler.json'), JSON.stringify(config, null, 2));
      return { bundle, notes };
    },
    acceptPageHeaders: kv ? undefined : (pages, site) => acceptedPages(pages, site.clientDir, site.config.trailingSlash, site.config.base),
    async preview(options) {
      const { previewWorkerd } = await importPeer({ name: 'miniflare', install: 'wrangler', purpose: 'edgepress preview (cloudflare adapter)' }, () => import('./preview.ts'));
      return previewWorkerd(options);
    },
    runsSiteWorker: true,
    platformFiles: (root) => {
      const file = siteWranglerConfigFile(root) ?? 'wrangler.toml';
      if (file === 'wrangler.toml') return [{ path: file, update: (current) => wranglerToml(root, current, kv) }];
      return [{ path: file, update: (current) => wranglerJson(current ?? '{}', kv, file) }];
    },
  };
}

/**
 * Sessions and the route cache's tag invalidations read KV namespaces: when the site's code uses
 * them (only then) and its wrangler config binds none under that name, dist/server/wrangler.json
 * gets one without an id (local runs simulate it; `wrangler deploy` creates it). Returns the
 * summary's note in that case.
 */
function sessionBinding(binding: string | undefined, config: Record<string, unknown>): string | undefined {
  return binding ? namespaceBinding(binding, config, 'sessions') : undefined;
}

function namespaceBinding(binding: string, config: Record<string, unknown>, what: string): string | undefined {
  const namespaces = (config.kv_namespaces ?? []) as Array<{ binding?: string }>;
  if (namespaces.some((ns) => ns.binding === binding)) return undefined;
  config.kv_namespaces = [...namespaces, { binding }];
  return `${what}: KV namespace ${binding} added to dist/server/wrangler.json without an id (wrangler deploy creates it); to choose one, run \`npx wrangler kv namespace create ${binding}\` and add { "binding": "${binding}", "id": "<its id>" } to kv_namespaces.`;
}

/** Caching needs no setup (the Cache API); dropping entries by tag or path needs a KV namespace: when the site calls invalidate() or routeRules tag its routes. */
function needsTagStore(manifest: Manifest, invalidates: boolean): boolean {
  return invalidates || manifest.routes.some((r) => !r.prerender && (r.cache?.tags.length ?? 0) > 0);
}

/** Cloudflare Workers with static files in Workers KV (`env.ASSETS_KV`), served by the shared asset server. */
import { createAssetServer, type AssetManifest, type AssetServer } from '../../src/runtime/assets/asset-server.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';
import { createKvStore, type KvNamespace } from './kv-store.ts';
import type { CacheProviderFactory } from '../../src/runtime/cache/setup.ts';
import { workersCache } from './cache-store.ts';
import { workerExport } from './worker.ts';

interface Env {
  ASSETS_KV?: KvNamespace;
}

export interface KvEntryOptions {
  dev?: boolean;
  /** The asset manifest, embedded in the bundle by the build. */
  assets: AssetManifest;
}

let warned = false;

/** Without the binding no static file can be served: say so once; on-demand routes still answer. */
function missingBinding(): undefined {
  if (!warned) {
    warned = true;
    console.error(
      '[edgepress] the ASSETS_KV binding is missing, so static files and prerendered pages answer 404. ' +
        'Add [[kv_namespaces]] with binding = "ASSETS_KV" to wrangler.toml (`npx edgepress add cloudflare-kv` writes it) and upload dist/server/kv-assets.json.',
    );
  }
  return undefined;
}

/** The worker module's default export. */
export function createEntry(app: App, options: KvEntryOptions): ExportedHandler<Env> {
  const servers = new WeakMap<KvNamespace, AssetServer>();
  const handler = createHandler(app, {
    dev: options.dev,
    assets: (env) => {
      const kv = (env as Env | undefined)?.ASSETS_KV;
      if (!kv) return missingBinding();
      let server = servers.get(kv);
      if (!server) servers.set(kv, (server = createAssetServer(options.assets, createKvStore(kv, options.assets))));
      return server;
    },
  });
  return workerExport<Env>(handler);
}

/** The route cache on Workers (the build imports it only for a site that may cache: src/runtime/cache/setup.ts). */
export const routeCache: CacheProviderFactory = (manifest, dev) => workersCache(manifest.cacheBinding ?? 'CACHE_TAGS', dev);

/** Cloudflare Workers: the module worker's `fetch`, with assets from Workers Static Assets (`env.ASSETS`). */
import type { AssetServer } from '../../src/runtime/assets/asset-server.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';
import type { CacheProviderFactory } from '../../src/runtime/cache/setup.ts';
import { workersCache } from './cache-store.ts';
import { workerExport } from './worker.ts';

interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

interface Env {
  ASSETS?: AssetsBinding;
}

const servers = new WeakMap<AssetsBinding, AssetServer>();

/** The platform already served exact file paths; we only ask it for prerendered pages and 404.html. */
function assetsServer(binding: AssetsBinding): AssetServer {
  let server = servers.get(binding);
  if (server) return server;
  server = {
    servesFilesFirst: true,
    async serve(request, path, status = 200) {
      const url = new URL(request.url);
      // `path` is a file name ('/my file.txt', '/%23x/index.html'); the binding reads an encoded URL.
      url.pathname = path.split('/').map(encodeURIComponent).join('/');
      url.search = '';
      const response = await binding.fetch(new Request(url, { method: request.method, headers: request.headers }));
      if (response.status === 404 || response.status === 405) {
        void response.body?.cancel();
        return null;
      }
      if (status === 200) return response;
      return new Response(response.body, { status, headers: response.headers });
    },
  };
  servers.set(binding, server);
  return server;
}

/** The worker module's default export. */
export function createEntry(app: App, options: { dev?: boolean } = {}): ExportedHandler<Env> {
  const handler = createHandler(app, {
    dev: options.dev,
    assets: (env) => {
      const binding = (env as Env | undefined)?.ASSETS;
      return binding ? assetsServer(binding) : undefined;
    },
  });
  return workerExport<Env>(handler);
}

/** The route cache on Workers (the build imports it only for a site that may cache: src/runtime/cache/setup.ts). */
export const routeCache: CacheProviderFactory = (manifest, dev) => workersCache(manifest.cacheBinding ?? 'CACHE_TAGS', dev);

/** Cloudflare Workers with static files in Workers KV (`env.ASSETS_KV`), served by the shared asset server. */
import { createAssetServer, type AssetManifest, type AssetServer } from '../../src/runtime/assets/asset-server.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';
import { createKvStore, type KvNamespace } from './kv-store.ts';

interface Env {
  ASSETS_KV?: KvNamespace;
}

export interface KvEntryOptions {
  dev?: boolean;
  /** The asset manifest, embedded in the bundle by the build. */
  assets: AssetManifest;
}

/** The worker module's default export. */
export function createEntry(app: App, options: KvEntryOptions): ExportedHandler<Env> {
  const servers = new WeakMap<KvNamespace, AssetServer>();
  const handler = createHandler(app, {
    dev: options.dev,
    assets: (env) => {
      const kv = (env as Env | undefined)?.ASSETS_KV;
      if (!kv) return undefined;
      let server = servers.get(kv);
      if (!server) servers.set(kv, (server = createAssetServer(options.assets, createKvStore(kv, options.assets))));
      return server;
    },
  });
  return {
    fetch(request, env, ctx) {
      return handler.fetch(request as unknown as Request, env, {
        waitUntil: (promise) => ctx.waitUntil(promise),
        passThroughOnException: () => ctx.passThroughOnException(),
        clientAddress: request.headers.get('cf-connecting-ip') ?? '127.0.0.1',
      }) as unknown as ReturnType<ExportedHandlerFetchHandler<Env>>;
    },
  };
}

/**
 * Deno and Deno Deploy: the bundle's default export is `{ fetch, listen }`: `deno serve` and user
 * code use `fetch`; dist/server/main.js calls `listen()` to start `Deno.serve` on HOST:PORT.
 */
import { createAssetServer, type AssetManifest } from '../../src/runtime/assets/asset-server.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';
import { memoryCache } from '../../src/runtime/cache/memory-store.ts';
import type { CacheProviderFactory } from '../../src/runtime/cache/setup.ts';
import { denoFileStore } from './file-store.ts';

interface ServeInfo {
  remoteAddr?: { hostname?: string };
}

declare const Deno: {
  env: { get(name: string): string | undefined; toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen(addr: { hostname: string; port: number }): void },
    handler: (request: Request, info: ServeInfo) => Promise<Response>,
  ): { shutdown(): Promise<void>; finished: Promise<void> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
};

export interface DenoEntryOptions {
  dev?: boolean;
  /** The asset manifest, embedded by the build. */
  assets: AssetManifest;
  /** dist/client relative to the bundle's folder. */
  clientDir: string;
}

/** What the bundle exports: a fetch handler for `deno serve`, Deno Deploy or your own `Deno.serve`. */
export interface DenoApp {
  fetch(request: Request, info?: ServeInfo): Promise<Response>;
  /** Serves on HOST:PORT (default 127.0.0.1:8000) until SIGTERM/SIGINT. */
  listen(): void;
}

function env(): Record<string, string> {
  try {
    return Deno.env.toObject();
  } catch {
    return {}; // no --allow-env: the site sees no variables
  }
}

export function createEntry(app: App, options: DenoEntryOptions): DenoApp {
  const assets = createAssetServer(options.assets, denoFileStore(new URL(options.clientDir + '/', import.meta.url)));
  const handler = createHandler(app, { dev: options.dev, assets: () => assets });
  let variables: Record<string, string> | undefined;
  const site: DenoApp = {
    fetch: (request, info) => handler.fetch(request, (variables ??= env()), { clientAddress: info?.remoteAddr?.hostname }),
    listen: () => {
      // A bad key in EDGEPRESS_KEY is named at start-up, not at the first island request.
      app.islands?.ring((variables ??= env()));
      serve(site);
    },
  };
  return site;
}

/** `deno run -A dist/server/main.js`. (Not on import of index.js: `deno serve` also runs it as the main module.) */
function serve(site: DenoApp): void {
  const server = Deno.serve(
    {
      port: Number(Deno.env.get('PORT') ?? 8000),
      hostname: Deno.env.get('HOST') ?? '127.0.0.1',
      onListen: ({ hostname, port }) => console.log(`edgepress: listening on http://${hostname}:${port}`),
    },
    site.fetch,
  );
  const stop = (): void => void server.shutdown().then(() => Deno.exit(0));
  Deno.addSignalListener('SIGTERM', stop);
  Deno.addSignalListener('SIGINT', stop);
}

/** The route cache in memory (the build imports it only for a site that may cache: src/runtime/cache/setup.ts). */
export const routeCache: CacheProviderFactory = () => memoryCache();

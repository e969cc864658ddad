/**
 * Bun: the bundle's default export is `{ fetch }` (Bun's own server-module shape, usable from
 * user code); run as the main module, it starts `Bun.serve` itself on HOST:PORT.
 */
import { createAssetServer, type AssetManifest } from '../../src/runtime/assets/asset-server.ts';
import { createFileStore } from '../../src/runtime/assets/file-store.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';
import { memoryCache } from '../../src/runtime/cache/memory-store.ts';
import type { CacheProviderFactory } from '../../src/runtime/cache/setup.ts';

interface BunServer {
  hostname: string;
  port: number;
  requestIP(request: Request): { address: string } | null;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

interface BunFile {
  exists(): Promise<boolean>;
  stream(): ReadableStream<Uint8Array>;
  slice(start: number, end: number): BunFile;
}

declare const Bun: {
  file(url: URL): BunFile;
  env: Record<string, string | undefined>;
  serve(options: { port: number; hostname: string; fetch(request: Request, server: BunServer): Promise<Response> }): BunServer;
};
declare const process: { on(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void; exit(code: number): never };

export interface BunEntryOptions {
  dev?: boolean;
  /** The asset manifest, embedded by the build. */
  assets: AssetManifest;
  /** dist/client relative to the bundle's folder. */
  clientDir: string;
}

/** What the bundle exports: a fetch handler for `Bun.serve` or your own server. */
export interface BunApp {
  fetch(request: Request, server?: BunServer): Promise<Response>;
}

export function createEntry(app: App, options: BunEntryOptions): BunApp | { server: BunServer } {
  const folder = new URL(options.clientDir + '/', import.meta.url);
  const existing = async (url: URL): Promise<BunFile> => {
    const file = Bun.file(url);
    if (!(await file.exists())) throw new Error(`missing ${url.pathname}`);
    return file;
  };
  const store = createFileStore(
    folder,
    async (url) => (await existing(url)).stream(),
    async (url, start, end) => (await existing(url)).slice(start, end + 1).stream(),
  );
  const assets = createAssetServer(options.assets, store);
  const handler = createHandler(app, { dev: options.dev, assets: () => assets });
  const site: BunApp = {
    fetch: (request, server) => handler.fetch(request, Bun.env, { clientAddress: server?.requestIP(request)?.address }),
  };
  // As the main module we serve ourselves; a default export with `fetch` would make Bun start a second server.
  if ((import.meta as ImportMeta & { main?: boolean }).main) {
    // A bad key in EDGEPRESS_KEY is named at start-up, not at the first island request.
    app.islands?.ring(Bun.env);
    return { server: serve(site) };
  }
  return site;
}

/** `bun dist/server/index.js`: listens on HOST:PORT (127.0.0.1:3000) until SIGTERM/SIGINT. */
function serve(site: BunApp): BunServer {
  const server = Bun.serve({ port: Number(Bun.env.PORT ?? 3000), hostname: Bun.env.HOST ?? '127.0.0.1', fetch: site.fetch });
  console.log(`edgepress: listening on http://${server.hostname}:${server.port}`);
  const stop = (): void => void Promise.resolve(server.stop()).then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return server;
}

/** The route cache in memory (the build imports it only for a site that may cache: src/runtime/cache/setup.ts). */
export const routeCache: CacheProviderFactory = () => memoryCache();

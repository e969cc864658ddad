/**
 * Node: the bundle's default export is `{ fetch }` (mount it in your own server); run as the
 * main module (`node dist/server/index.js`) it listens on HOST:PORT through @hono/node-server,
 * which streams Web responses to node:http, and shuts down gracefully on SIGTERM.
 */
import { serve as serveNode } from '@hono/node-server';
import { realpathSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAssetServer, type AssetManifest } from '../../src/runtime/assets/asset-server.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';
import { memoryCache } from '../../src/runtime/cache/memory-store.ts';
import type { CacheProviderFactory } from '../../src/runtime/cache/setup.ts';
import { nodeFileStore } from './file-store.ts';

export interface NodeEntryOptions {
  dev?: boolean;
  /** The asset manifest, embedded by the build. */
  assets: AssetManifest;
  /** dist/client relative to the bundle's folder. */
  clientDir: string;
}

/** What the bundle exports: a fetch handler; `env` defaults to process.env. */
export interface NodeApp {
  fetch(request: Request, env?: unknown): Promise<Response>;
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

export function createEntry(app: App, options: NodeEntryOptions): NodeApp {
  const assets = createAssetServer(options.assets, nodeFileStore(new URL(options.clientDir + '/', import.meta.url)));
  const handler = createHandler(app, { dev: options.dev, assets: () => assets });
  const site: NodeApp = {
    fetch: (request, env) => {
      const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
      return handler.fetch(request, incoming ? process.env : (env ?? process.env), { clientAddress: incoming?.socket.remoteAddress });
    },
  };
  if (isMainModule()) {
    // A bad key in EDGEPRESS_KEY is named at start-up, not at the first island request.
    app.islands?.ring(process.env);
    serve(site);
  }
  return site;
}

/** Listens on HOST:PORT (127.0.0.1:3000); SIGTERM/SIGINT stop accepting, finish open responses, then exit. */
function serve(site: NodeApp): void {
  const server = serveNode({ fetch: site.fetch, port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1' }, (info) =>
    console.log(`edgepress: listening on http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`),
  );
  const stop = (): void => {
    server.close(() => process.exit(0));
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** The route cache in memory (the build imports it only for a site that may cache: src/runtime/cache/setup.ts). */
export const routeCache: CacheProviderFactory = () => memoryCache();

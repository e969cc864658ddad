/**
 * Edge functions behind a CDN (Vercel, Netlify): the CDN answers exact file paths before the
 * function runs; prerendered pages and 404.html ride in the bundle (the embedded store). The
 * export is `(request, context) => Response` with a `fetch` property for user code. Each
 * platform only says where its env and the client address come from.
 */
import { createAssetServer, type AssetManifest, type AssetServer } from './assets/asset-server.ts';
import { createEmbeddedStore, type EmbeddedFiles } from './assets/embedded-store.ts';
import { createHandler, type App } from './handler.ts';

/** What every platform's second argument may carry. */
export interface EdgeFunctionContext {
  waitUntil?(promise: Promise<unknown>): void;
}

export interface EdgeFunctionOptions {
  dev?: boolean;
  /** The HTML pages the function may have to answer, embedded by the build. */
  assets: { manifest: AssetManifest; files: EmbeddedFiles };
}

/** The platform's primitives. */
export interface EdgePlatform<C extends EdgeFunctionContext> {
  /** The site's variables when the caller passes none; read once, on the first request. */
  env(): unknown;
  clientAddress(request: Request, context: C | undefined): string | undefined;
}

export type EdgeFunctionHandler<C extends EdgeFunctionContext> = ((request: Request, context?: C) => Promise<Response>) & {
  fetch(request: Request, env?: unknown, context?: C): Promise<Response>;
};

/** The edge function for `app`, with `platform`'s env and client address. */
export function createEdgeFunction<C extends EdgeFunctionContext>(app: App, options: EdgeFunctionOptions, platform: EdgePlatform<C>): EdgeFunctionHandler<C> {
  const assets: AssetServer = {
    ...createAssetServer(options.assets.manifest, createEmbeddedStore(options.assets.files)),
    servesFilesFirst: true,
  };
  const handler = createHandler(app, { dev: options.dev, assets: () => assets });
  let env: unknown;
  const fetch = (request: Request, bindings?: unknown, context?: C): Promise<Response> =>
    handler.fetch(request, bindings ?? (env ??= platform.env() ?? {}), {
      waitUntil: context?.waitUntil ? (promise) => context.waitUntil!(promise) : undefined,
      clientAddress: platform.clientAddress(request, context),
    });
  return Object.assign((request: Request, context?: C) => fetch(request, undefined, context), { fetch });
}

/**
 * Vercel Edge Functions: the default export is `(request, context) => Response` with a `fetch`
 * property, so it works as an edge function and from user code. Vercel's CDN answers exact file
 * paths first; prerendered pages (`/about` -> about/index.html) and 404.html ride in the bundle.
 */
import { createAssetServer, type AssetManifest, type AssetServer } from '../../src/runtime/assets/asset-server.ts';
import { createEmbeddedStore, type EmbeddedFiles } from '../../src/runtime/assets/embedded-store.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';

/** Vercel's second argument to an edge function. */
export interface VercelContext {
  waitUntil?(promise: Promise<unknown>): void;
}

export interface VercelEntryOptions {
  dev?: boolean;
  /** The HTML pages the function may have to answer, embedded by the build. */
  assets: { manifest: AssetManifest; files: EmbeddedFiles };
}

export type VercelHandler = ((request: Request, context?: VercelContext) => Promise<Response>) & {
  fetch(request: Request, env?: unknown, context?: VercelContext): Promise<Response>;
};

function clientAddress(request: Request): string | undefined {
  return request.headers.get('x-real-ip') ?? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
}

export function createEntry(app: App, options: VercelEntryOptions): VercelHandler {
  const assets: AssetServer = {
    ...createAssetServer(options.assets.manifest, createEmbeddedStore(options.assets.files)),
    servesFilesFirst: true,
  };
  const handler = createHandler(app, { dev: options.dev, assets: () => assets });
  const env = (globalThis as { process?: { env?: Record<string, string> } }).process?.env ?? {};
  const fetch = (request: Request, bindings?: unknown, context?: VercelContext): Promise<Response> =>
    handler.fetch(request, bindings ?? env, {
      waitUntil: context?.waitUntil ? (promise) => context.waitUntil!(promise) : undefined,
      clientAddress: clientAddress(request),
    });
  return Object.assign((request: Request, context?: VercelContext) => fetch(request, undefined, context), { fetch });
}

/**
 * Netlify Edge Functions (Deno): the default export is `(request, context) => Response` with a
 * `fetch` property for user code. Netlify's CDN answers exact file paths (they are excluded
 * from the function in its manifest); prerendered pages and 404.html ride in the bundle.
 */
import { createAssetServer, type AssetManifest, type AssetServer } from '../../src/runtime/assets/asset-server.ts';
import { createEmbeddedStore, type EmbeddedFiles } from '../../src/runtime/assets/embedded-store.ts';
import { createHandler, type App } from '../../src/runtime/handler.ts';

/** The parts of Netlify's edge `context` the site uses. */
export interface NetlifyContext {
  ip?: string;
  waitUntil?(promise: Promise<unknown>): void;
}

declare const Netlify: { env: { toObject(): Record<string, string> } } | undefined;

export interface NetlifyEntryOptions {
  dev?: boolean;
  /** The HTML pages the function may have to answer, embedded by the build. */
  assets: { manifest: AssetManifest; files: EmbeddedFiles };
}

export type NetlifyHandler = ((request: Request, context?: NetlifyContext) => Promise<Response>) & {
  fetch(request: Request, env?: unknown, context?: NetlifyContext): Promise<Response>;
};

function netlifyEnv(): Record<string, string> {
  try {
    return typeof Netlify === 'undefined' ? {} : Netlify.env.toObject();
  } catch {
    return {};
  }
}

export function createEntry(app: App, options: NetlifyEntryOptions): NetlifyHandler {
  const assets: AssetServer = {
    ...createAssetServer(options.assets.manifest, createEmbeddedStore(options.assets.files)),
    servesFilesFirst: true,
  };
  const handler = createHandler(app, { dev: options.dev, assets: () => assets });
  let env: Record<string, string> | undefined;
  const fetch = (request: Request, bindings?: unknown, context?: NetlifyContext): Promise<Response> =>
    handler.fetch(request, bindings ?? (env ??= netlifyEnv()), {
      waitUntil: context?.waitUntil ? (promise) => context.waitUntil!(promise) : undefined,
      clientAddress: context?.ip,
    });
  return Object.assign((request: Request, context?: NetlifyContext) => fetch(request, undefined, context), { fetch });
}

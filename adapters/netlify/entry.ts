/**
 * Netlify Edge Functions (Deno): the shared edge function, with Netlify's env (`Netlify.env`)
 * and the client address from its `context.ip`.
 */
import { createEdgeFunction, type EdgeFunctionHandler, type EdgeFunctionOptions } from '../../src/runtime/edge-function.ts';
import type { App } from '../../src/runtime/handler.ts';
import { cdnCache } from '../../src/runtime/cache/cdn-headers.ts';
import type { CacheProviderFactory } from '../../src/runtime/cache/setup.ts';

/** The parts of Netlify's edge `context` the site uses. */
export interface NetlifyContext {
  ip?: string;
  waitUntil?(promise: Promise<unknown>): void;
}

declare const Netlify: { env: { toObject(): Record<string, string> } } | undefined;

export type NetlifyEntryOptions = EdgeFunctionOptions;
export type NetlifyHandler = EdgeFunctionHandler<NetlifyContext>;

function netlifyEnv(): Record<string, string> {
  try {
    return typeof Netlify === 'undefined' ? {} : Netlify.env.toObject();
  } catch {
    return {};
  }
}

export function createEntry(app: App, options: NetlifyEntryOptions): NetlifyHandler {
  return createEdgeFunction<NetlifyContext>(app, options, { env: netlifyEnv, clientAddress: (_request, context) => context?.ip });
}

/** The route cache as Netlify's CDN headers (the build imports it only for a site that may cache: src/runtime/cache/setup.ts). */
export const routeCache: CacheProviderFactory = () => cdnCache('netlify');

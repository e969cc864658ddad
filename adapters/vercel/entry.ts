/**
 * Vercel Edge Functions: the shared edge function, with `process.env` and the client address
 * from Vercel's `x-real-ip` / `x-forwarded-for` headers.
 */
import { createEdgeFunction, type EdgeFunctionHandler, type EdgeFunctionOptions } from '../../src/runtime/edge-function.ts';
import type { App } from '../../src/runtime/handler.ts';
import { cdnCache } from '../../src/runtime/cache/cdn-headers.ts';
import type { CacheProviderFactory } from '../../src/runtime/cache/setup.ts';

/** Vercel's second argument to an edge function. */
export interface VercelContext {
  waitUntil?(promise: Promise<unknown>): void;
}

export type VercelEntryOptions = EdgeFunctionOptions;
export type VercelHandler = EdgeFunctionHandler<VercelContext>;

function clientAddress(request: Request): string | undefined {
  return request.headers.get('x-real-ip') ?? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
}

export function createEntry(app: App, options: VercelEntryOptions): VercelHandler {
  return createEdgeFunction<VercelContext>(app, options, {
    env: () => (globalThis as { process?: { env?: Record<string, string> } }).process?.env ?? {},
    clientAddress,
  });
}

/** The route cache as Vercel's CDN headers (the build imports it only for a site that may cache: src/runtime/cache/setup.ts). */
export const routeCache: CacheProviderFactory = () => cdnCache('vercel');

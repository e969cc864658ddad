/**
 * What a bundle whose site may cache responses gives the handler (the build wires it in only
 * then: `routeRules`, or site code naming `cache` or `invalidate`): the platform's provider, the
 * cache stage and `ctx.cache`.
 */
import type { Manifest } from '../../manifest.ts';
import { cacheStage } from '../stages/cache.ts';
import { RouteCache, setActiveCache } from './invalidate.ts';
import type { CacheProvider } from './types.ts';

/** The platform's provider for a handler (each adapter's entry exports one as `routeCache`). */
export type CacheProviderFactory = (manifest: Manifest, dev: boolean) => CacheProvider;

export interface CacheSupport {
  /** The provider for this handler; undefined (prerendering): `ctx.cache.set()` records, nothing is stored. */
  provider: CacheProviderFactory | undefined;
  /** The stage around on-demand routes. */
  stage: typeof cacheStage;
  /** `ctx.cache` of one request. */
  context(provider: CacheProvider | undefined, env: unknown, guard: (what: string) => void): RouteCache;
  /** Where `invalidate()` called outside a route's arguments reaches (set per request). */
  activate: typeof setActiveCache;
}

/** Route cache support for a bundle, with `provider` from the adapter's entry (none while prerendering). */
export function cacheSupport(provider?: CacheProviderFactory): CacheSupport {
  return { provider, stage: cacheStage, context: (p, env, guard) => new RouteCache(p, env, guard), activate: setActiveCache };
}

/**
 * `invalidate({ tags } | { path })` from anywhere on the server, and `ctx.cache`. The handler
 * records which provider and env the isolate serves with (two assignments per request), so a
 * call outside a route's own arguments still reaches the right store.
 */
import { routePath } from '../paths.ts';
import { CacheConfigError, type CacheOptions, type CacheProvider, type CacheRule, type InvalidateTarget } from './types.ts';

let activeProvider: CacheProvider | undefined;
let activeEnv: unknown;

/** Called by the handler per request. */
export function setActiveCache(provider: CacheProvider | undefined, env: unknown): void {
  activeProvider = provider;
  activeEnv = env;
}

/** The tag an entry gets for its path, so `{ path }` works like a tag. */
export function pathTag(pathname: string): string {
  return 'path:' + routePath(pathname);
}

/** Drops cached responses by tag or by path with `provider`'s store. */
export async function invalidateWith(provider: CacheProvider | undefined, env: unknown, target: InvalidateTarget): Promise<void> {
  const tags = 'tags' in target ? target.tags : 'path' in target ? [pathTag(target.path)] : undefined;
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) {
    throw new TypeError('invalidate() takes { tags: string[] } or { path: string }.');
  }
  if (!provider) throw new CacheConfigError('invalidate(): no route cache runs here yet; call it while handling a request (in an endpoint, page or middleware).');
  if (provider.kind === 'cdn') {
    throw new CacheConfigError(
      `invalidate(): on ${provider.name} the platform's CDN holds the cache; purge it with ${provider.name === 'vercel' ? '`vercel cache invalidate --tag <tag>`' : "Netlify's purge API (`purgeCache({ tags })` from @netlify/functions)"}.`,
    );
  }
  await provider.store(env).invalidate(tags);
}

/** Drops cached responses by tag (`{ tags: ['products'] }`) or path (`{ path: '/products/1' }`). */
export function invalidate(target: InvalidateTarget): Promise<void> {
  return invalidateWith(activeProvider, activeEnv, target);
}

/** `ctx.cache`: what this response may be cached as. */
export class RouteCache {
  /** The options set by the route (false: never cache this response), undefined when it set none. */
  options: Required<CacheRule> | false | undefined;

  readonly #provider: CacheProvider | undefined;
  readonly #env: unknown;
  readonly #guard: (what: string) => void;

  constructor(provider: CacheProvider | undefined, env: unknown, guard: (what: string) => void) {
    this.#provider = provider;
    this.#env = env;
    this.#guard = guard;
  }

  /** Whether a provider caches on this platform. */
  get enabled(): boolean {
    return this.#provider !== undefined;
  }

  /** Caches this response for `maxAge` s (then `swr` s stale while refreshed); `false` never caches it. Tags add up. */
  set(options: CacheOptions | false): void {
    this.#guard('cache.set()');
    if (options === false) {
      this.options = false;
      return;
    }
    if (typeof options !== 'object' || options === null || typeof options.maxAge !== 'number' || !(options.maxAge >= 0)) {
      throw new TypeError('cache.set() takes { maxAge: seconds, swr?: seconds, tags?: string[] } or false.');
    }
    const before = this.options || undefined;
    const tags = [...new Set([...(before?.tags ?? []), ...(options.tags ?? [])])];
    this.options = { maxAge: options.maxAge, swr: options.swr ?? before?.swr ?? 0, tags };
  }

  /** Same as `invalidate()`. */
  invalidate(target: InvalidateTarget): Promise<void> {
    return invalidateWith(this.#provider, this.#env, target);
  }
}

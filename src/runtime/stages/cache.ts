/**
 * The cache stage around an on-demand route: a stored answer when the route cache has one (stale
 * ones refreshed in the background, under a deadline of their own), else the render, stored on
 * its way out. A rewrite, or a visitor with a session, always renders.
 */
import type { RouteEntry } from '../../manifest.ts';
import { createCacheFlow, type Rendered } from '../cache/cache-flow.ts';
import type { Params } from '../context.ts';
import type { CacheProvider } from '../cache/types.ts';
import { beforeDeadline, Deadline } from '../deadline.ts';
import type { ErrorPages } from './error-page.ts';
import type { RenderRoute } from './render-route.ts';
import type { OnDemandStage } from './route.ts';
import type { Exchange, Site } from './site.ts';

/** The answer of on-demand route `route` for the exchange. */
export type CacheStage = OnDemandStage;

/** The stage with `provider` (site.cache) around the render (`rendered`: the route stage's answer without a cache). */
export function cacheStage(site: Site, render: RenderRoute, errors: ErrorPages, provider: CacheProvider, rendered: OnDemandStage): CacheStage {
  const sessions = site.app.session;
  const flow = createCacheFlow(provider, sessions?.cookie);

  return async (ex, route, params) => {
    // A visitor with a session, or with a form result to see, gets a page of their own: never from the shared cache.
    if (ex.rewrite || sessions?.hasCookie(ex.request) || site.app.actions?.carriesResult(ex.request)) return rendered(ex, route, params);
    const { request, url, env } = ex;
    // Only a route with a rule, or one that may call ctx.cache.set() or stored before, is looked up.
    if (flow.mayHit(request, route)) {
      const hit = await flow.lookup(request, url, route, env, () => refresh(ex, route, params), waitUntilOf(ex, route));
      if (hit) return hit;
    }
    const result = await render(ex, { route, params, props: {} });
    // No rule and no ctx.cache decision: the flow has nothing to add.
    const response = route.cache === undefined && result.options === undefined ? result.response : flow.finish(request, url, route, env, result, waitUntilOf(ex, route));
    return errors.reroute(ex, response);
  };

  /** The platform's waitUntil, or a log line for a store that fails where there is none. */
  function waitUntilOf(ex: Exchange, route: RouteEntry): (promise: Promise<unknown>) => void {
    const { platform, request } = ex;
    return (promise) => {
      if (platform?.waitUntil) platform.waitUntil(promise);
      else promise.catch((error: unknown) => site.logError(request, route.pattern, error));
    };
  }

  /** A stale hit renders again in the background, as a plain GET of the same URL, under limits.renderTimeoutMs. */
  async function refresh(ex: Exchange, route: RouteEntry, params: Params): Promise<Rendered> {
    const { request, url, env, platform } = ex;
    const deadline = new Deadline(site.renderTimeoutMs);
    const again: Exchange = { request: new Request(request.url, { headers: request.headers }), url, env, platform, deadline, rewrite: undefined };
    const result = await beforeDeadline(deadline, render(again, { route, params, props: {} }), (late) => void late.response.body?.cancel().catch(() => {}));
    if (result instanceof Error) throw result;
    return result;
  }
}

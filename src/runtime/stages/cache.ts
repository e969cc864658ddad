/**
 * The cache stage around an on-demand route: a stored answer when the route cache has one (stale
 * ones refreshed in the background, under a deadline of their own), else the render, stored on
 * its way out. A rewrite, or a visitor with a session, always renders.
 */
import { createCacheFlow, type Rendered } from '../cache/cache-flow.ts';
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
    const { request, url, env, platform } = ex;
    const waitUntil = (promise: Promise<unknown>): void => {
      if (platform?.waitUntil) platform.waitUntil(promise);
      else promise.catch((error: unknown) => site.logError(request, route.pattern, error));
    };
    // A stale hit renders again in the background, as a plain GET of the same URL, under limits.renderTimeoutMs.
    const refresh = async (): Promise<Rendered> => {
      const deadline = new Deadline(site.renderTimeoutMs);
      const again: Exchange = { request: new Request(request.url, { headers: request.headers }), url, env, platform, deadline, rewrite: undefined };
      const result = await beforeDeadline(deadline, render(again, { route, params, props: {} }), (late) => void late.response.body?.cancel().catch(() => {}));
      if (result instanceof Error) throw result;
      return result;
    };
    const hit = await flow.lookup(request, url, route, env, refresh, waitUntil);
    if (hit) return hit;
    return errors.reroute(ex, flow.finish(request, url, route, env, await render(ex, { route, params, props: {} }), waitUntil));
  };
}

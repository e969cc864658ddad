/**
 * The route stage: the routes that match the path, in priority order. A config redirect answers;
 * a prerendered route answers with its file if it wrote one for the path (else the next route
 * may); an on-demand route answers through the cache stage. No route: the 404 page.
 */
import { routePath } from '../paths.ts';
import { staticPathProps } from '../static-paths.ts';
import type { RouteEntry } from '../../manifest.ts';
import type { Params } from '../context.ts';
import type { ErrorPages } from './error-page.ts';
import type { Files } from './files.ts';
import type { Redirects } from './redirects.ts';
import type { RenderRoute } from './render-route.ts';
import type { Exchange, Site, SitePath } from './site.ts';

export type RouteStage = (ex: Exchange, at: SitePath) => Promise<Response>;

/** The answer of on-demand route `route` for the exchange (the cache stage's, when the site may cache). */
export type OnDemandStage = (ex: Exchange, route: RouteEntry, params: Params) => Promise<Response>;

/** An on-demand route rendered, a bodiless 404/500 shown as the error page: what answers without a route cache. */
export function uncached(render: RenderRoute, errors: ErrorPages): OnDemandStage {
  return async (ex, route, params) => errors.reroute(ex, (await render(ex, { route, params, props: {} })).response);
}

export function routeStage(site: Site, stages: { files: Files; redirects: Redirects; onDemand: OnDemandStage; render: RenderRoute; errors: ErrorPages }): RouteStage {
  const { matcher, prerendering, app } = site;
  const { files, redirects, onDemand: cache, render, errors } = stages;
  return async (ex, at) => {
    const matchPath = routePath(at.path);
    let answering = matchPath;
    try {
      for (let m = matcher.match(matchPath); m; m = matcher.match(matchPath, m.index + 1)) {
        const route = m.route;
        answering = `${route.pattern} (${route.file})`;
        if (ex.deadline) ex.deadline.route = route.pattern;
        // A route that emits a file (`/feed.xml`) has no slash form: '/feed.xml/' is not it.
        if (route.isFile && matchPath !== at.path) continue;
        if (route.redirect) return redirects.config(ex, route.redirect, m.params);
        if (typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && route.prerender && site.renderAll && !prerendering) {
          // Development: a prerendered route renders per request, for the paths its getStaticPaths lists.
          const mod = await app.modules[route.file]!();
          const props = await staticPathProps(route, mod, m.params);
          if (props === undefined) continue;
          return await errors.reroute(ex, (await render(ex, { route, params: m.params, props, loaded: mod })).response);
        }
        if (route.prerender && !prerendering) {
          // A prerendered route owns only the paths it wrote; otherwise the next route may answer.
          const file = await files.prerendered(ex, at, route);
          if (file) return file;
          continue;
        }
        return await cache(ex, route, m.params);
      }
    } catch (error) {
      return errors.failed(ex, matchPath, answering, error);
    }
    return errors.page(ex, 404);
  };
}

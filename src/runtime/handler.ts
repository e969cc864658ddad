/**
 * The request handler: a short pipeline of named stages, each in src/runtime/stages/. Every
 * request meets the env check (env.schema, once per isolate) and the policy (methods, origin,
 * body limit) under one deadline; then, in order:
 * islands, actions (`/_actions/`), files, the trailing-slash redirect, the routes (config redirects ranked among them,
 * the route cache around on-demand ones), and the error page. `ctx.rewrite()` and `next(path)`
 * go through the same stages again after the policy.
 */
import type { RouteEntry } from '../manifest.ts';
import { afterDrain } from './body-limit.ts';
import { plainError } from './builtin-pages.ts';
import type { Params, PlatformContext } from './context.ts';
import { beforeDeadline, Deadline } from './deadline.ts';
import { prerenders } from './dev-flag.ts';
import { errorPages } from './stages/error-page.ts';
import { files } from './stages/files.ts';
import { requestPolicy } from './stages/policy.ts';
import { redirects } from './stages/redirects.ts';
import { routeRenderer } from './stages/render-route.ts';
import { routeStage, uncached } from './stages/route.ts';
import { readSite, sitePath, type App, type Exchange, type HandlerOptions } from './stages/site.ts';

export type { App, HandlerOptions } from './stages/site.ts';

/** A Web-standard fetch handler, as Workers, Deno, Bun and Vercel Edge expect. */
export interface FetchHandler {
  fetch(request: Request, env?: unknown, platform?: PlatformContext): Promise<Response>;
}

/** The pieces the build uses to prerender a known route with its params and props (not in a production server bundle). */
export interface Prerenderer {
  /** `env`: the build's bindings (Cloudflare's platform proxy), when the adapter has them. */
  render(request: Request, route: RouteEntry, params: Params, props: Record<string, unknown>, env?: unknown): Promise<Response>;
}

/**
 * Creates the site's fetch handler. Nothing per route happens here: routes load on first request.
 * The optional stages (islands, actions, the route cache) come with the app: the build wires in
 * only what the site uses, so an unused one is never imported.
 */
export function createHandler(app: App, options: HandlerOptions = {}): FetchHandler & Partial<Prerenderer> {
  const site = readSite(app, options);
  const policy = requestPolicy(site);
  const render = routeRenderer(site, (ex) => dispatch(ex));
  const errors = errorPages(site, render);
  const islands = app.islands?.stage(site, render, errors);
  const actions = site.prerendering ? undefined : app.actions?.stage(site, render, errors);
  const file = files(site);
  const redirect = redirects(site);
  const rendered = uncached(render, errors);
  const onDemand = app.routeCache && site.cache ? app.routeCache.stage(site, render, errors, site.cache, rendered) : rendered;
  const routes = routeStage(site, { files: file, redirects: redirect, onDemand, render, errors });
  const activate = site.cache ? app.routeCache?.activate : undefined;

  /** Everything after the policy, for a request or a rewrite of it. */
  async function dispatch(ex: Exchange): Promise<Response> {
    const at = sitePath(ex.url.pathname, site.base);
    if (at === undefined) return errors.page(ex, 404);
    if (at === null) return plainError(ex.request, 400, 'Bad Request');
    const island = islands?.(ex, at);
    if (island) return island;
    const action = actions?.(ex, at);
    if (action) return action;
    // Where the platform serves files first there is no file to ask for (and no await).
    const reading = file.file(ex, at);
    const found = reading && (await reading);
    if (found) return found;
    return redirect.trailingSlash(ex, at) ?? routes(ex, at);
  }

  async function handle(request: Request, env: unknown, platform: PlatformContext | undefined, deadline: Deadline): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plainError(request, 400, 'Bad Request');
    }
    const ex: Exchange = { request, url, env, platform, deadline, rewrite: undefined };
    const refused = policy(ex);
    if (refused) return refused;
    activate?.(site.cache, env);
    // A body past the limit is read to its end (within bounds) before the 413 leaves.
    return ex.counted ? afterDrain(ex.counted, dispatch(ex)) : dispatch(ex);
  }

  const handler: FetchHandler & Partial<Prerenderer> = {
    fetch(request, rawEnv, platform) {
      // env.schema: every request waits for the one check per isolate; a bad variable answers 500.
      const checked = app.env ? app.env.forRequest(rawEnv, request) : { env: rawEnv };
      if (checked.response) return Promise.resolve(checked.response);
      const env = checked.env;
      const deadline = new Deadline(site.renderTimeoutMs);
      const answer = handle(request, env, platform, deadline).catch((error: unknown) => {
        site.logError(request, 'handler', error);
        return plainError(request, 500, 'Internal Server Error', error, site.dev);
      });
      return beforeDeadline(deadline, answer, (late) => void late.body?.cancel().catch(() => {})).then((result) => {
        if (result instanceof Response) return result;
        // Time is up before any header: 504 now, and a late answer's body is never read.
        site.logError(request, deadline.route || 'handler', result);
        return plainError(request, 504, 'Gateway Timeout');
      });
    },
  };
  // Only the prerender module and dev render a route by hand; a production server bundle has no `render`.
  if (prerenders) {
    handler.render = async (request, route, params, props, env) => {
      const ex: Exchange = { request, url: new URL(request.url), env, platform: undefined, deadline: undefined, rewrite: undefined };
      return errors.reroute(ex, (await render(ex, { route, params, props })).response);
    };
  }
  return handler;
}

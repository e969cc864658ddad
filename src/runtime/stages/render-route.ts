/**
 * Renders one route for an exchange: the context, the middleware (unless a rewrite says not),
 * the page or endpoint, then the session saved and the cookies put on the response.
 */
import type { RouteEntry, RouteModule } from '../../manifest.ts';
import type { Rendered } from '../cache/cache-flow.ts';
import { RequestContext, type Params } from '../context.ts';
import { callEndpoint } from '../endpoint.ts';
import { runMiddleware, type MiddlewareHandler, type RewriteTarget } from '../middleware.ts';
import { NotBundledError } from '../errors.ts';
import { withCookies, withHeader } from '../response-headers.ts';
import type { Exchange, Site } from './site.ts';

/** How a route is rendered beyond its exchange: params, props, a status to start with, its module if loaded. */
export interface RenderInput {
  route: RouteEntry;
  params: Params;
  props: Record<string, unknown>;
  status?: number;
  loaded?: RouteModule;
}

export type RenderRoute = (ex: Exchange, input: RenderInput) => Promise<Rendered>;

/**
 * The page renderer (page.ts, and hono/jsx under it), loaded by the first page that renders: the
 * worker's start-up evaluates none of it, and an isolate that answers only endpoints, redirects
 * and files never does.
 */
let pages: typeof import('../page.ts') | undefined;

/** The renderer for `site`; `dispatch` routes a rewrite (`ctx.rewrite()`, `next(path)`) through the stages again. */
export function routeRenderer(site: Site, dispatch: (ex: Exchange) => Promise<Response>): RenderRoute {
  const { app, cspHeader, dev } = site;
  // Loaded route modules and the middleware, kept so a request after the first awaits neither.
  const modules = new Map<string, RouteModule>();
  let middleware: MiddlewareHandler | null | undefined;
  const loadModule = async (file: string): Promise<RouteModule> => {
    const mod = await app.modules[file]!();
    modules.set(file, mod);
    return mod;
  };

  /** `ctx.rewrite(target)` / `next(target)`: routes `target` (same origin only) for this request, naming the chain on a loop. */
  const rewriteTo = (ex: Exchange, from: RequestContext, target: RewriteTarget, skipMiddleware: boolean): Promise<Response> => {
    // The build wires app.rewrite in when site code names `rewrite` or the site has middleware (next(path)).
    if (!app.rewrite) throw new NotBundledError('rewrite()', 'the server code names the `rewrite` property (ctx.rewrite, { rewrite }) or the site has middleware');
    const { request, url, chain } = app.rewrite(from, target, ex.rewrite?.chain);
    const rewrite = { chain, locals: from.locals, skipMiddleware, session: from.sessionIfUsed };
    return dispatch({ request, url, env: ex.env, platform: ex.platform, deadline: ex.deadline, rewrite, counted: ex.counted });
  };

  return async (ex, { route, params, props, status, loaded }) => {
    const { request, rewrite, deadline } = ex;
    const startedAt = Date.now();
    let failed = false;
    const ctx = new RequestContext({
      request,
      url: ex.url,
      params,
      props,
      env: ex.env,
      platform: ex.platform,
      routePattern: route.pattern,
      site: site.manifest.site,
      // In development a prerendered route renders per request with the same rules as at build time.
      prerendering: site.prerendering || (typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && site.renderAll === true && route.prerender),
      cache: site.cache,
      cacheSupport: app.routeCache,
      locals: rewrite?.locals,
      rewrite: (from, target) => rewriteTo(ex, from, target, false),
      sessions: app.session,
      session: rewrite?.session,
      // A prerendered file cannot carry a fresh nonce: the build gives it hashes instead.
      csp: cspHeader && route.kind === 'page' && !route.fragment && !site.prerendering ? { nonce: cspHeader.nonce() } : undefined,
      islands: app.islands,
    });
    if (status !== undefined) ctx.response.status = status;
    const handler = async (target?: RewriteTarget): Promise<Response> => {
      // next(path): the rest of the chain renders the target, without running middleware again.
      if (target !== undefined) return rewriteTo(ex, ctx, target, true);
      const mod = loaded ?? modules.get(route.file) ?? (await loadModule(route.file));
      if (route.kind === 'endpoint') return callEndpoint(mod, ctx);
      // Form actions: a POST to `?_action=name` runs the action first; a GET takes the result a redirect kept.
      if (app.actions && !rewrite && !ctx.isPrerendered && !route.fragment) {
        const answered = await app.actions.beforePage(ctx, () => ex.counted?.exceeded() ?? false);
        if (answered) return answered;
      }
      const onStreamError = (error: unknown): void => {
        failed = true;
        site.logError(request, route.pattern, error);
      };
      pages ??= await import('../page.ts');
      return pages.renderPage(mod, ctx, { dev, onStreamError, cspHeader, fragment: route.fragment, deadline, styles: route.styles, links: app.styles });
    };
    if (middleware === undefined && !rewrite?.skipMiddleware) middleware = (await site.middleware()) ?? null;
    const onRequest = rewrite?.skipMiddleware ? undefined : middleware;
    let response = onRequest ? await runMiddleware(onRequest, ctx, handler) : await handler();
    const session = ctx.sessionIfUsed;
    if (session) {
      // Written before the response leaves, so the visitor's next request reads it.
      await session.persist();
      // A page built from a visitor's session is theirs: no shared cache (ours or a CDN) may keep it.
      if (session.personal && !response.headers.has('cache-control')) response = withHeader(response, 'cache-control', 'private');
    }
    if (!ctx.sent) {
      const cookies = ctx.cookiesIfUsed;
      if (cookies?.changed) response = withCookies(response, cookies.headers());
    }
    return { response, options: ctx.cacheIfUsed?.options, failed: () => failed, startedAt, session: session !== undefined };
  };
}

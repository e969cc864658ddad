/**
 * The request handler: static file -> trailing-slash rule -> route match (config redirects
 * ranked among the routes) -> route cache -> middleware -> page or endpoint -> cookies on the
 * response; a miss answers the 404 page. `ctx.rewrite()` and `next(path)` route again from
 * the match step.
 */
import type { Manifest, ModuleLoader, RouteEntry, RouteModule } from '../manifest.ts';
import type { AssetServer } from './assets/asset-server.ts';
import { notFoundPage, plainError } from './builtin-pages.ts';
import { RequestContext, type Params, type PlatformContext } from './context.ts';
import { callEndpoint } from './endpoint.ts';
import { devErrorResponse } from './dev-error.ts';
import type {} from './dev-flag.ts';
import { createCacheFlow, type Rendered } from './cache/cache-flow.ts';
import { setActiveCache } from './cache/invalidate.ts';
import type { CacheProvider } from './cache/types.ts';
import { configRedirect } from './config-redirect.ts';
import { BadRequestError, InvalidCookieError, InvalidHeaderError } from './errors.ts';
import { limitBody, type LimitedBody } from './body-limit.ts';
import { Deadline } from './deadline.ts';
import { rewriteRequest } from './rewrite.ts';
import { runMiddleware, type MiddlewareHandler, type RewriteTarget } from './middleware.ts';
import { renderPage } from './page.ts';
import { prerenderedFile, routePath, trailingSlashRedirect } from './paths.ts';
import { RouteMatcher } from './route-match.ts';
import { staticPathProps } from './static-paths.ts';
import { refuseCrossOrigin, type OriginCheck } from './origin-check.ts';
import { newNonce } from './csp/nonce.ts';
import { cspHeaderName, noncePolicy } from './csp/policy.ts';
import type { Session } from './session/session.ts';
import type { SessionSupport } from './session/setup.ts';
import type { IslandSupport } from './islands/setup.ts';

/** What the build generates for the bundle: the manifest and lazy module imports. */
export interface App {
  manifest: Manifest;
  modules: ModuleLoader;
  middleware?: () => Promise<RouteModule>;
  /** Present when a route or the middleware reads `ctx.session` (the build decides). */
  session?: SessionSupport;
  /** Present when the site defers components (`defer()`): the island modules and keys. */
  islands?: IslandSupport;
}

export interface HandlerOptions {
  /** The asset server for this platform, given the request's env. */
  assets?: (env: unknown) => AssetServer | undefined;
  /** Development: stack traces in error responses and mid-stream error comments. */
  dev?: boolean;
  /** Build time: every route renders, and request-only data throws. */
  prerendering?: boolean;
  /** The platform's route cache (a store, or CDN headers); none: `ctx.cache.set()` does nothing. */
  cache?: CacheProvider;
}

/** How a rewritten request got here: the paths so far (a loop names them) and the locals it carries. */
interface Rewrite {
  chain: string[];
  locals: App.Locals;
  /** `next(path)`: middleware already ran for this request. */
  skipMiddleware: boolean;
  /** The visitor's session, if the rewriting context opened it. */
  session: Session | undefined;
}


/** A Web-standard fetch handler, as Workers, Deno, Bun and Vercel Edge expect. */
export interface FetchHandler {
  fetch(request: Request, env?: unknown, platform?: PlatformContext): Promise<Response>;
}

/** The pieces the build uses to prerender a known route with its params and props. */
export interface Prerenderer {
  render(request: Request, route: RouteEntry, params: Params, props: Record<string, unknown>): Promise<Response>;
}

const READS = new Set(['GET', 'HEAD']);
/** Where islands answer, under the base (before files and routes: no platform file or 404 page may take it). */
const ISLANDS_PREFIX = '/_islands/';
const UNSUPPORTED = new Set(['TRACE', 'TRACK', 'CONNECT']);

/** Creates the site's fetch handler. Nothing per route happens here: routes load on first request. */
export function createHandler(app: App, options: HandlerOptions = {}): FetchHandler & Prerenderer {
  const { manifest } = app;
  const matcher = new RouteMatcher(manifest.routes);
  const base = manifest.base;
  // Static files live under the base too (dist/client/<base>/...), so platforms can serve them first.
  const assetPrefix = base.slice(0, -1);
  const dev = options.dev ?? false;
  const prerendering = options.prerendering ?? false;
  // Development builds render prerendered routes per request (dropped from production bundles).
  const renderAll = typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && manifest.renderAll === true;
  const cache = options.cache;
  const flow = cache ? createCacheFlow(cache) : undefined;
  let middleware: Promise<MiddlewareHandler | undefined> | undefined;
  const security = manifest.security;
  const originCheck: OriginCheck | undefined = security?.checkOrigin === false ? undefined : { site: manifest.site, allowedDomains: security?.allowedDomains ?? [] };
  const cspHeader = security?.csp ? { name: cspHeaderName(security.cspReportOnly), value: noncePolicy(security.csp) } : undefined;
  const bodyBytes = manifest.limits?.bodyBytes ?? 1024 * 1024;
  const renderTimeoutMs = manifest.limits?.renderTimeoutMs ?? 30_000;

  const loadMiddleware = (): Promise<MiddlewareHandler | undefined> =>
    (middleware ??= app.middleware
      ? app.middleware().then((mod) => {
          if (typeof mod.onRequest !== 'function') throw new TypeError('routes/_middleware must export `onRequest(ctx, next)`.');
          return mod.onRequest as MiddlewareHandler;
        })
      : Promise.resolve(undefined));

  const logError = (request: Request, route: string, error: unknown): void => {
    console.error(`[edgepress] ${request.method} ${new URL(request.url).pathname} (${route}) failed:`, error);
  };

  /** Runs a route (with middleware unless a rewrite says not) and returns its final response, cookies included. */
  async function run(
    request: Request,
    url: URL,
    env: unknown,
    platform: PlatformContext | undefined,
    route: RouteEntry,
    params: Params,
    props: Record<string, unknown>,
    status?: number,
    loaded?: RouteModule,
    rewrite?: Rewrite,
    deadline?: Deadline,
  ): Promise<Rendered> {
    const startedAt = Date.now();
    let failed = false;
    const ctx = new RequestContext({
      request,
      url,
      params,
      props,
      env,
      platform,
      routePattern: route.pattern,
      site: manifest.site,
      // In development a prerendered route renders per request with the same rules as at build time.
      prerendering: prerendering || (renderAll && route.prerender),
      cache,
      locals: rewrite?.locals,
      rewrite: (from, target) => rewriteTo(from, target, env, platform, rewrite, false, deadline),
      sessions: app.session,
      session: rewrite?.session,
      // A prerendered file cannot carry a fresh nonce: the build gives it hashes instead.
      csp: cspHeader && route.kind === 'page' && !route.fragment && !prerendering ? { nonce: newNonce() } : undefined,
      islands: app.islands,
    });
    if (status !== undefined) ctx.response.status = status;
    const handler = async (target?: RewriteTarget): Promise<Response> => {
      // next(path): the rest of the chain renders the target, without running middleware again.
      if (target !== undefined) return rewriteTo(ctx, target, env, platform, rewrite, true, deadline);
      const mod = loaded ?? (await app.modules[route.file]!());
      if (route.kind === 'endpoint') return callEndpoint(mod, ctx);
      const onStreamError = (error: unknown): void => {
        failed = true;
        logError(request, route.pattern, error);
      };
      return renderPage(mod, ctx, { dev, onStreamError, cspHeader, fragment: route.fragment, deadline });
    };
    const onRequest = rewrite?.skipMiddleware ? undefined : await loadMiddleware();
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
    return { response, options: ctx.cacheIfUsed?.options, failed: () => failed, startedAt };
  }

  /** `ctx.rewrite(target)` / `next(target)`: routes `target` (same origin only) for this request, naming the chain on a loop. */
  async function rewriteTo(
    from: RequestContext,
    target: RewriteTarget,
    env: unknown,
    platform: PlatformContext | undefined,
    previous: Rewrite | undefined,
    skipMiddleware: boolean,
    deadline: Deadline | undefined,
  ): Promise<Response> {
    const { request, url, chain } = rewriteRequest(from, target, previous?.chain);
    return dispatch(request, url, env, platform, { chain, locals: from.locals, skipMiddleware, session: from.sessionIfUsed }, deadline);
  }

  // A prerendered error page cannot change while this isolate lives: read it from the store once
  // (on Workers that saves a subrequest per 404).
  type ErrorAsset = { body: ArrayBuffer; headers: Array<[string, string]> } | null;
  const errorAssets = new Map<string, Promise<ErrorAsset>>();
  const errorAsset = (assets: AssetServer, url: string, file: string, status: number): Promise<ErrorAsset> => {
    let page = errorAssets.get(file);
    if (!page) {
      page = assets.serve(new Request(url), file, status).then(async (res) => (res ? { body: await res.arrayBuffer(), headers: [...res.headers] } : null));
      page.catch(() => errorAssets.delete(file));
      errorAssets.set(file, page);
    }
    return page;
  };

  /** Answers an error page (the site's own, then a prerendered one, then the built-in). */
  async function errorPage(
    request: Request,
    url: URL,
    env: unknown,
    platform: PlatformContext | undefined,
    status: 404 | 500,
    error?: unknown,
    deadline?: Deadline,
  ): Promise<Response> {
    const route = status === 404 ? manifest.notFound : manifest.serverError;
    const wantsHtml = status === 404 || (request.headers.get('accept') ?? '').includes('text/html');
    if (route && wantsHtml && (!route.prerender || renderAll)) {
      try {
        return (await run(request, url, env, platform, route, {}, status === 500 ? { error } : {}, status, undefined, undefined, deadline)).response;
      } catch (again) {
        logError(request, route.pattern, again);
      }
    }
    if (wantsHtml) {
      const assets = options.assets?.(env);
      const file = status === 404 ? manifest.notFoundAsset : manifest.serverErrorAsset;
      if (assets && file && !dev) {
        const page = await errorAsset(assets, request.url, file, status);
        if (page) return new Response(request.method === 'HEAD' ? null : page.body, { status, headers: page.headers });
      } else if (assets && file) {
        const res = await assets.serve(new Request(request.url, { method: request.method === 'HEAD' ? 'HEAD' : 'GET' }), file, status);
        if (res) return res;
      }
    }
    return status === 404 ? notFoundPage(request) : plainError(request, 500, 'Internal Server Error', error, dev);
  }

  function handle(request: Request, env: unknown, platform: PlatformContext | undefined, deadline: Deadline): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(plainError(request, 400, 'Bad Request'));
    }
    // TRACE echoes a request (cookies included) back to a script: no route ever sees one.
    if (UNSUPPORTED.has(request.method)) return Promise.resolve(plainError(request, 501, 'Not Implemented'));
    if (cache) setActiveCache(cache, env);
    return dispatch(request, url, env, platform, undefined, deadline);
  }

  /** Everything after the URL is parsed: files, the trailing-slash rule, then the routes in priority order. */
  async function dispatch(
    request: Request,
    url: URL,
    env: unknown,
    platform: PlatformContext | undefined,
    rewrite: Rewrite | undefined,
    deadline: Deadline | undefined,
  ): Promise<Response> {
    let path = url.pathname;
    if (base !== '/') {
      if (path === base.slice(0, -1)) path = '/';
      else if (path.startsWith(base)) path = path.slice(base.length - 1);
      else return errorPage(request, url, env, platform, 404, undefined, deadline);
    }
    // Files are named by decoded paths ('/my file.txt'); routes match the encoded form.
    let filePath = path;
    if (path.indexOf('%') !== -1) {
      try {
        filePath = decodeURIComponent(path);
      } catch {
        return plainError(request, 400, 'Bad Request');
      }
    }
    if (app.islands && !rewrite && path.startsWith(ISLANDS_PREFIX)) return answerIsland(app.islands, request, url, path, env, platform);
    const isRead = READS.has(request.method);
    const assets = options.assets?.(env);
    // A rewrite may land on a file even where the platform serves files first. Other methods on a
    // file get 405 with Allow from the asset server (it opens nothing for them).
    if (assets && (!assets.servesFilesFirst || rewrite) && !path.endsWith('/')) {
      const file = await assets.serve(request, assetPrefix + filePath);
      if (file) return file;
    }
    const target = rewrite ? undefined : trailingSlashRedirect(url.pathname, path, base, manifest.trailingSlash);
    if (target !== undefined) return new Response(null, { status: isRead ? 301 : 308, headers: { location: target + url.search } });
    const matchPath = routePath(path);
    let answering = matchPath;
    let limited: LimitedBody | undefined;
    try {
      for (let m = matcher.match(matchPath); m; m = matcher.match(matchPath, m.index + 1)) {
        const route = m.route;
        answering = `${route.pattern} (${route.file})`;
        if (deadline) deadline.route = route.pattern;
        // A route that emits a file (`/feed.xml`) has no slash form: '/feed.xml/' is not it.
        if (route.isFile && matchPath !== path) continue;
        if (route.redirect) return configRedirect(request, url, route.redirect, m.params, base);
        if (!limited && !rewrite && !route.prerender && !prerendering) {
          // limits.bodyBytes: a body the route may read is held to the limit before anything reads it
          // (once per request, whichever on-demand candidate comes first).
          limited = limitBody(request, bodyBytes);
          if (limited.refused) return limited.refused;
          request = limited.request;
        }
        if (originCheck && !rewrite && !route.prerender) {
          const refused = refuseCrossOrigin(request, url, originCheck);
          if (refused) {
            // Read the unwanted body to its end: a connection left with unread bytes is closed, or hangs behind a proxy.
            await request.arrayBuffer().catch(() => undefined);
            return refused;
          }
        }
        if (typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && route.prerender && renderAll && !prerendering) {
          const mod = await app.modules[route.file]!();
          const props = await staticPathProps(route, mod, m.params);
          if (props === undefined) continue;
          const { response } = await run(request, url, env, platform, route, m.params, props, undefined, mod, rewrite, deadline);
          return await reroute(request, url, env, platform, response, deadline);
        }
        if (route.prerender && !prerendering) {
          // A prerendered route owns only the paths it wrote; otherwise the next route may answer.
          if (assets) {
            const file = assetPrefix + prerenderedFile(routePath(filePath), route, manifest.trailingSlash);
            if (isRead) {
              const res = await assets.serve(request, file);
              if (res) return res;
            } else if (await assets.serve(new Request(url, { method: 'HEAD' }), file)) {
              // A static page exists here: say which methods it answers rather than 404.
              return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } });
            }
          }
          continue;
        }
        // A visitor with a session may get a page of their own: never answered from the shared cache.
        if (!flow || rewrite || app.session?.hasCookie(request)) {
          const { response } = await run(request, url, env, platform, route, m.params, {}, undefined, undefined, rewrite, deadline);
          return await reroute(request, url, env, platform, response, deadline);
        }
        const waitUntil = (promise: Promise<unknown>): void => {
          if (platform?.waitUntil) platform.waitUntil(promise);
          else promise.catch((error: unknown) => logError(request, route.pattern, error));
        };
        const params = m.params;
        // A stale hit renders again in the background, as a plain GET of the same URL.
        const refresh = (): Promise<Rendered> => run(new Request(request.url, { headers: request.headers }), url, env, platform, route, params, {});
        const hit = await flow.lookup(request, url, route, env, refresh, waitUntil);
        if (hit) return hit;
        const rendered = await run(request, url, env, platform, route, params, {}, undefined, undefined, undefined, deadline);
        return await reroute(request, url, env, platform, flow.finish(request, url, route, env, rendered, waitUntil), deadline);
      }
    } catch (error) {
      // A body read past limits.bodyBytes is a 413, whatever the route made of the error.
      if (limited?.exceeded()) return plainError(request, 413, 'Payload Too Large');
      // The site copied a hostile value into a header: the visitor gets 400, the log says where.
      if (error instanceof InvalidHeaderError || error instanceof InvalidCookieError) logError(request, answering, error);
      if (error instanceof BadRequestError) return plainError(request, error.status, error.statusText);
      logError(request, matchPath, error);
      if (typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && dev && (request.headers.get('accept') ?? '').includes('text/html')) {
        return devErrorResponse(request, answering, error);
      }
      return errorPage(request, url, env, platform, 500, error, deadline);
    }
    return errorPage(request, url, env, platform, 404, undefined, deadline);
  }

  /** `{base}_islands/{id}`: the deferred component rendered like a page, with the page's URL as `ctx.url`. */
  async function answerIsland(islands: IslandSupport, request: Request, url: URL, path: string, env: unknown, platform: PlatformContext | undefined): Promise<Response> {
    const call = await islands.read(request, url, path.slice(ISLANDS_PREFIX.length), env);
    if (call instanceof Response) return call;
    const pattern = ISLANDS_PREFIX.slice(0, -1) + '/' + call.id;
    const route: RouteEntry = { pattern, regex: '', params: [], rest: [], kind: 'page', prerender: false, file: pattern, isFile: false, fragment: true };
    // The component's own call is the island's "frontmatter": it may set status, headers and cookies.
    const island = { default: () => call.component(call.props) };
    try {
      const { response } = await run(request, call.pageUrl, env, platform, route, {}, {}, undefined, island);
      return withHeader(response, 'x-robots-tag', 'noindex');
    } catch (error) {
      logError(request, pattern, error);
      return plainError(request, 500, 'Internal Server Error', error, dev);
    }
  }

  /** A bodiless 404 or 500 from a route shows the error page, keeping its status text and cookies. */
  async function reroute(request: Request, url: URL, env: unknown, platform: PlatformContext | undefined, response: Response, deadline?: Deadline): Promise<Response> {
    if ((response.status !== 404 && response.status !== 500) || response.body !== null || request.method === 'HEAD') return response;
    if (response.headers.get('content-length') === '0') return response;
    const page = await errorPage(request, url, env, platform, response.status as 404 | 500, undefined, deadline);
    const headers = new Headers(page.headers);
    for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
    return new Response(page.body, { status: response.status, statusText: response.statusText || page.statusText, headers });
  }

  return {
    fetch(request, env, platform) {
      const deadline = new Deadline(renderTimeoutMs);
      const answer = handle(request, env, platform, deadline).catch((error: unknown) => {
        logError(request, 'handler', error);
        return plainError(request, 500, 'Internal Server Error', error, dev);
      });
      return Promise.race([answer, deadline.expired]).then((result) => {
        if (result instanceof Response) {
          deadline.release();
          return result;
        }
        // Time is up before any header: 504 now, and a late answer's body is never read.
        logError(request, deadline.route || 'handler', result);
        void answer.then((late) => late.body?.cancel().catch(() => {}));
        return plainError(request, 504, 'Gateway Timeout');
      });
    },
    async render(request, route, params, props) {
      const url = new URL(request.url);
      const { response } = await run(request, url, undefined, undefined, route, params, props);
      return reroute(request, url, undefined, undefined, response);
    },
  };
}

/** `response` with `name` set, copied once if its headers are immutable. */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

function withCookies(response: Response, iterable: Iterable<string>): Response {
  const cookies = [...iterable];
  let headers = response.headers;
  try {
    for (const cookie of cookies) headers.append('set-cookie', cookie);
    return response;
  } catch {
    // Immutable headers (Response.redirect(), fetch()): copy the response once.
    const copy = new Response(response.body, response);
    headers = copy.headers;
    for (const cookie of cookies) headers.append('set-cookie', cookie);
    return copy;
  }
}

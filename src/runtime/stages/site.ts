/**
 * What every stage of the request pipeline shares: the site's settings, read once when the
 * handler is made, and the exchange (one request on its way through the stages).
 */
import type { Manifest, ModuleLoader, RouteModule } from '../../manifest.ts';
import type { AssetServer } from '../assets/asset-server.ts';
import type { CountedBody } from '../body-limit.ts';
import type { CacheProvider } from '../cache/types.ts';
import type { CacheSupport } from '../cache/setup.ts';
import type { configRedirect } from '../config-redirect.ts';
import type { PlatformContext } from '../context.ts';
import type { CspSupport } from '../csp/setup.ts';
import type { ForwardedOrigin } from '../forwarded-origin.ts';
import type { Deadline } from '../deadline.ts';
import type {} from '../dev-flag.ts';
import type { MiddlewareHandler } from '../middleware.ts';
import { RouteMatcher } from '../route-match.ts';
import type { Session } from '../session/session.ts';
import type { SessionSupport } from '../session/setup.ts';
import type { IslandSupport } from '../islands/setup.ts';
import type { EnvSupport } from '../env/setup.ts';
import type { ActionSupport } from '../actions/setup.ts';
import type { rewriteRequest } from '../rewrite.ts';
import type { headLinks } from '../render/head-links.ts';

/** What the build generates for the bundle: the manifest and lazy module imports. */
export interface App {
  manifest: Manifest;
  modules: ModuleLoader;
  middleware?: () => Promise<RouteModule>;
  /** Present when a route or the middleware reads `ctx.session` (the build decides). */
  session?: SessionSupport;
  /** Present when the site defers components (`defer()`): the island modules and keys. */
  islands?: IslandSupport;
  /** Present when the config has `env.schema`: checks the env once, before the first request. */
  env?: EnvSupport;
  /** Present when the site has an actions module (`actions.ts`): form actions and `/_actions/<name>`. */
  actions?: ActionSupport;
  /** Present when routes may be cached (`routeRules`, or site code naming `cache` / `invalidate`). */
  routeCache?: CacheSupport;
  /** Present when the config has `redirects`: answers the entries the route stage matches. */
  redirects?: typeof configRedirect;
  /** Present when `ctx.rewrite()` or `next(path)` may be called (site code naming `rewrite`, or middleware). */
  rewrite?: typeof rewriteRequest;
  /** Present when the config has `security.csp`: the header and nonces of on-demand pages. */
  csp?: CspSupport;
  /** Present when the config has `security.allowedDomains`: the origin check trusts their forwarded host. */
  forwardedOrigin?: ForwardedOrigin;
  /** Present when some page imports a stylesheet: links each page's stylesheets into its `<head>`. */
  styles?: typeof headLinks;
}

export interface HandlerOptions {
  /** The asset server for this platform, given the request's env. */
  assets?: (env: unknown) => AssetServer | undefined;
  /** Development: stack traces in error responses and mid-stream error comments. */
  dev?: boolean;
  /** Build time: every route renders, and request-only data throws. */
  prerendering?: boolean;
}

/** How a rewritten request got here: the paths so far (a loop names them) and the locals it carries. */
export interface Rewrite {
  chain: string[];
  locals: App.Locals;
  /** `next(path)`: middleware already ran for this request. */
  skipMiddleware: boolean;
  /** The visitor's session, if the rewriting context opened it. */
  session: Session | undefined;
}

/** One request on its way through the stages (a rewrite is an exchange of its own). */
export interface Exchange {
  request: Request;
  url: URL;
  env: unknown;
  platform: PlatformContext | undefined;
  /** `limits.renderTimeoutMs` of this request (none while prerendering). */
  deadline: Deadline | undefined;
  rewrite: Rewrite | undefined;
  /** `limits.bodyBytes` on a body of unknown length: whether it went over (set by the policy). */
  counted?: CountedBody;
}

/** The pathname an exchange is routed by: the base removed, and decoded for file names. */
export interface SitePath {
  /** The pathname under the base, encoded as in the URL ('/' for the base itself). */
  path: string;
  /** `path` decoded: files are named by decoded paths ('/my file.txt'). */
  filePath: string;
}

/** The site's settings for the stages, derived once from the app and the options. */
export interface Site {
  app: App;
  manifest: Manifest;
  matcher: RouteMatcher;
  base: string;
  /** Static files live under the base too (dist/client/<base>/...), so platforms can serve them first. */
  assetPrefix: string;
  assets: HandlerOptions['assets'];
  dev: boolean;
  prerendering: boolean;
  /** Development builds render prerendered routes per request (dropped from production bundles). */
  /** Only in development bundles: production has no such property (the name never reaches them). */
  renderAll?: boolean;
  /** The platform's route cache, when the bundle has one (app.routeCache) and the platform gives a provider. */
  cache: CacheProvider | undefined;
  cspHeader: CspSupport | undefined;
  renderTimeoutMs: number;
  /** The site's `onRequest`, imported on first use. */
  middleware(): Promise<MiddlewareHandler | undefined>;
  logError(request: Request, route: string, error: unknown): void;
}

/** The settings every stage reads, computed once per handler. */
export function readSite(app: App, options: HandlerOptions): Site {
  const { manifest } = app;
  let middleware: Promise<MiddlewareHandler | undefined> | undefined;
  return {
    app,
    manifest,
    matcher: new RouteMatcher(manifest.routes),
    base: manifest.base,
    assetPrefix: manifest.base.slice(0, -1),
    assets: options.assets,
    dev: options.dev ?? false,
    prerendering: options.prerendering ?? false,
    ...(typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ ? { renderAll: manifest.renderAll === true } : {}),
    cache: app.routeCache?.provider?.(manifest, options.dev ?? false),
    cspHeader: app.csp,
    renderTimeoutMs: manifest.limits?.renderTimeoutMs ?? 30_000,
    middleware: () =>
      (middleware ??= app.middleware
        ? app.middleware().then((mod) => {
            if (typeof mod.onRequest !== 'function') throw new TypeError('routes/_middleware must export `onRequest(ctx, next)`.');
            return mod.onRequest as MiddlewareHandler;
          })
        : Promise.resolve(undefined)),
    logError(request, route, error) {
      console.error(`[edgepress] ${request.method} ${new URL(request.url).pathname} (${route}) failed:`, error);
    },
  };
}

/** The pathname under the base (undefined: outside the base; null: a malformed escape). */
export function sitePath(pathname: string, base: string): SitePath | undefined | null {
  let path = pathname;
  if (base !== '/') {
    if (path === base.slice(0, -1)) path = '/';
    else if (path.startsWith(base)) path = path.slice(base.length - 1);
    else return undefined;
  }
  if (path.indexOf('%') === -1) return { path, filePath: path };
  try {
    return { path, filePath: decodeURIComponent(path) };
  } catch {
    return null;
  }
}

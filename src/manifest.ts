/** The route manifest: plain JSON data that crosses from the build to the runtime. */
import type { CacheRule, Output, RedirectStatus, TrailingSlash } from './config.ts';

export type RouteKind = 'page' | 'endpoint' | 'redirect';

/** A piece of a redirect's destination: text as written, or a param of the source to put there. */
export type RedirectPart = string | { param: string; rest: boolean };

/** A `redirects` entry of the config, ranked among the routes like a file. */
export interface RedirectEntry {
  /** Absent: 301 for GET and HEAD, 308 for other methods. */
  status?: RedirectStatus;
  /** An absolute destination's origin ('https://example.org'); absent for a path on this site. */
  origin?: string;
  /** The destination's path (and query), params filled in per request. */
  to: RedirectPart[];
}

/** One route as the build saw it. Serialisable; the runtime never re-derives any of it. */
export interface RouteEntry {
  /** The route as written with its file's brackets, e.g. '/blog/[slug]'; `ctx.routePattern`. */
  pattern: string;
  /** Anchored RegExp source matching a pathname (base removed, no trailing slash except '/'). */
  regex: string;
  /** Param names in capture-group order. */
  params: string[];
  /** Which params are rest params (`[...x]`): they may be undefined. */
  rest: string[];
  /** The exact pathname for routes without params, used for a Map lookup instead of a regex. */
  staticPath?: string;
  kind: RouteKind;
  prerender: boolean;
  /** The route file, relative to the site root ('routes/blog/[slug].tsx'); also the module id. */
  file: string;
  /** The page or endpoint emits a file with an extension (`feed.xml.ts`): no trailing-slash rules. */
  isFile: boolean;
  /** kind 'redirect': where it sends the request (its `file` is the config). */
  redirect?: RedirectEntry;
  /** The `routeRules` entry that applies to this on-demand route. */
  cache?: Required<CacheRule>;
  /** A server island: an HTML fragment (no CSP header or nonce of its own). */
  fragment?: boolean;
  /** Its file (or the middleware) calls `cache.set(`: look it up in the route cache from the first request. */
  mayCache?: boolean;
  /** A page: the stylesheet URLs its module graph imports, in import order, linked into its `<head>`. */
  styles?: string[];
}

/** Everything the request handler needs about the site. */
export interface Manifest {
  /** Routes in priority order (highest first). */
  routes: RouteEntry[];
  /** Module id of the custom 404/500 pages, if any (present in the bundle only when on demand). */
  notFound?: RouteEntry;
  serverError?: RouteEntry;
  /** A prerendered `404.html` exists in the static assets. */
  notFoundAsset?: string;
  /** A prerendered `500.html` exists in the static assets. */
  serverErrorAsset?: string;
  base: string;
  trailingSlash: TrailingSlash;
  site?: string;
  output: Output;
  /** Whether `routes/_middleware.ts` exists. */
  middleware: boolean;
  /**
   * Development: every route's code is in the bundle and prerendered routes render per request
   * (only for the paths their getStaticPaths lists), so nothing is prerendered ahead.
   */
  renderAll?: boolean;
  /** Cloudflare: the KV binding holding tag invalidations for the route cache. */
  cacheBinding?: string;
  /** `limits`: request body bytes and render time (absent: the defaults). */
  limits?: { bodyBytes: number; renderTimeoutMs: number };
  /** `security`: the origin check (absent: on) and the policy of on-demand pages. */
  security?: {
    checkOrigin: boolean;
    allowedDomains?: string[];
    /** `security.csp` directives: on-demand pages send them with a fresh nonce. */
    csp?: Record<string, string[]>;
    /** `security.csp.reportOnly`: the header is `Content-Security-Policy-Report-Only`. */
    cspReportOnly?: boolean;
  };
}

/** A route module as the bundle imports it. */
export type RouteModule = Record<string, unknown>;

/** Lazily imports route modules by `RouteEntry.file`. */
export type ModuleLoader = Record<string, () => Promise<RouteModule>>;

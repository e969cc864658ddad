/** The per-request `ctx` given to pages, endpoints and middleware. */
import { Cookies } from './cookies.ts';
import { prerenders } from './dev-flag.ts';
import { InvalidHeaderError, InvalidRedirectError, NotBundledError, PrerenderRequestDataError, ResponseSentError } from './errors.ts';
import { originPath } from './paths.ts';
import { currentScope, type RenderScope } from './render/scope.ts';
import type { RouteCache } from './cache/invalidate.ts';
import type { CacheSupport } from './cache/setup.ts';
import type { CacheProvider } from './cache/types.ts';
import type { RewriteTarget } from './middleware.ts';
import type { Session } from './session/session.ts';
import type { SessionSupport } from './session/setup.ts';
import type { CspNonce } from './csp/nonce.ts';
import type { IslandSupport } from './islands/setup.ts';
import type { AnyAction, ActionDataOf, ActionInputOf, FormActionResult } from './actions/define.ts';

export type Params = Record<string, string | undefined>;

/** What a platform hands the handler besides the request (Cloudflare's ExecutionContext and more). */
export interface PlatformContext {
  waitUntil?(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
  /** The client's IP address, when the adapter knows it. */
  clientAddress?: string;
}

/** The response a page will be sent with; writable until the page returns JSX. */
export interface PageResponse {
  status: number;
  statusText: string;
  readonly headers: Headers;
}

/** Shared by pages, endpoints and middleware. */
export interface EndpointContext<P extends Params = Params, Props = Record<string, unknown>, Env = App.Env> {
  readonly request: Request;
  readonly url: URL;
  readonly params: P;
  readonly props: Props;
  readonly env: Env;
  /** Filled by middleware, read by routes. */
  locals: App.Locals;
  readonly cookies: Cookies;
  readonly clientAddress: string;
  readonly isPrerendered: boolean;
  readonly site: URL | undefined;
  /** The route as written, e.g. '/blog/[slug]'. */
  readonly routePattern: string;
  waitUntil(promise: Promise<unknown>): void;
  /** A redirect Response (301, 302, 303, 307 or 308) that also carries the cookies set. */
  redirect(location: string | URL, status?: 301 | 302 | 303 | 307 | 308): Response;
  /** The response of another route on this origin, rendered for this request (middleware runs again); the URL stays. */
  rewrite(target: RewriteTarget): Promise<Response>;
  /** What this response may be cached as: `cache.set({ maxAge, swr, tags })`, `cache.invalidate({ tags })`. */
  readonly cache: RouteCache;
  /** The visitor's session (`get`, `set`, `has`, `delete`, `keys`, `regenerate`, `destroy`), created on first write. */
  readonly session: Session<App.SessionData>;
  /** This response's Content-Security-Policy nonce (`security.csp`); `nonce` is '' without one. */
  readonly csp: CspNonce;
  /** What the form submission of `action` came to (`{ data }` or `{ error, values }`), if this request shows one. */
  getActionResult<A extends AnyAction>(action: A): FormActionResult<ActionInputOf<A>, ActionDataOf<A>> | undefined;
}

/** What a page gets: the endpoint context plus the response it will be sent with. */
export interface PageContext<P extends Params = Params, Props = Record<string, unknown>, Env = App.Env>
  extends EndpointContext<P, Props, Env> {
  readonly response: PageResponse;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace App {
    /** Declare your locals here (`declare global { namespace App { interface Locals { user?: User } } }`). */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Locals extends Record<string, unknown> {}
    /**
     * `ctx.env` when a route names no Env type: a site declares its bindings here, e.g.
     * `interface Env extends Cloudflare.Env {}` with the types `wrangler types` generates.
     */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env {}
    /** What `ctx.session` holds, e.g. `interface SessionData { cart: string[]; user?: { id: string } }`. */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface SessionData extends Record<string, unknown> {}
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NO_NONCE: CspNonce = { nonce: '' };

/** Headers that refuse writes once the response has been sent. */
class GuardedHeaders extends Headers {
  readonly #guard: (what: string) => void;
  constructor(guard: (what: string) => void) {
    super();
    this.#guard = guard;
  }
  override set(name: string, value: string): void {
    const what = `response.headers.set(${JSON.stringify(name)})`;
    this.#guard(what);
    super.set(name, headerValue(what, value));
  }
  override append(name: string, value: string): void {
    const what = `response.headers.append(${JSON.stringify(name)})`;
    this.#guard(what);
    super.append(name, headerValue(what, value));
  }
  override delete(name: string): void {
    this.#guard(`response.headers.delete(${JSON.stringify(name)})`);
    super.delete(name);
  }
}

export interface ContextInit {
  request: Request;
  url: URL;
  params: Params;
  props: Record<string, unknown>;
  env: unknown;
  platform: PlatformContext | undefined;
  routePattern: string;
  site: string | undefined;
  prerendering: boolean;
  /** The platform's route cache, if any. */
  cache?: CacheProvider;
  /** Route cache support, when the bundle has it (`ctx.cache`). */
  cacheSupport?: CacheSupport;
  /** Renders another route for this request (the handler's rewrite). */
  rewrite?: (ctx: RequestContext, target: RewriteTarget) => Promise<Response>;
  /** Carried over from the context that rewrote to this one. */
  locals?: App.Locals;
  /** Session support, when the bundle's routes use sessions. */
  sessions?: SessionSupport;
  /** The session of the context that rewrote to this one. */
  session?: Session;
  /** The CSP nonce of this response, when the site has a policy. */
  csp?: CspNonce;
  /** Island support, when the bundle has deferred components. */
  islands?: IslandSupport;
}

/** One request's context. Pieces nobody reads (cookies, response) are made on first use. */
export class RequestContext implements PageContext {
  declare readonly request: Request;
  declare readonly url: URL;
  declare readonly params: Params;
  declare readonly props: Record<string, unknown>;
  declare readonly env: App.Env;
  declare readonly isPrerendered: boolean;
  declare readonly routePattern: string;
  locals: App.Locals = {};
  /** Set when the page returned JSX: the status, headers and cookies are final. */
  sent = false;
  /** The renderer's view of this request (for usePage and error messages). */
  declare readonly scope: RenderScope;
  readonly #platform: PlatformContext | undefined;
  readonly #siteOrigin: string | undefined;
  #cookieJar: Cookies | undefined;
  #pageResponse: PageResponse | undefined;
  #routeCache: RouteCache | undefined;
  readonly #cacheProvider: CacheProvider | undefined;
  readonly #cacheSupport: CacheSupport | undefined;
  readonly #rewriter: ContextInit['rewrite'];
  readonly #sessions: SessionSupport | undefined;
  #visitorSession: Session | undefined;
  readonly #cspNonce: CspNonce | undefined;
  /** Where deferred components send their islands, and the keys that seal their props. */
  declare readonly islands: IslandSupport | undefined;
  /** The result of a form action this request shows (set by the actions stage). */
  actionResult: { name: string; result: FormActionResult<unknown, unknown> } | undefined;

  constructor(init: ContextInit) {
    this.request = init.request;
    this.url = init.url;
    this.params = init.params;
    this.props = init.props;
    this.env = init.env as App.Env;
    this.#platform = init.platform;
    this.routePattern = init.routePattern;
    this.#siteOrigin = init.site;
    this.isPrerendered = init.prerendering;
    this.#cacheProvider = init.cache;
    this.#cacheSupport = init.cacheSupport;
    this.#rewriter = init.rewrite;
    if (init.locals) this.locals = init.locals;
    this.#sessions = init.sessions;
    this.#visitorSession = init.session;
    this.#cspNonce = init.csp;
    this.islands = init.islands;
    this.scope = { page: this, component: '', sent: false };
  }

  /** Throws ResponseSentError when the response can no longer change. */
  readonly guard = (what: string): void => {
    if (this.sent) throw new ResponseSentError(what, currentScope()?.component || this.scope.component || undefined);
  };

  get cookies(): Cookies {
    return (this.#cookieJar ??= new Cookies(() => {
      if (prerenders && this.isPrerendered) throw new PrerenderRequestDataError('cookies', this.routePattern);
      return this.request.headers.get('cookie');
    }, this.guard));
  }

  get session(): Session {
    if (prerenders && this.isPrerendered) throw new PrerenderRequestDataError('ctx.session', this.routePattern);
    if (this.#visitorSession) return this.#visitorSession;
    if (!this.#sessions) {
      throw new NotBundledError('ctx.session', "the server code names the `session` property (ctx.session, { session }, ctx['session'], the string 'session')");
    }
    return (this.#visitorSession = this.#sessions.open(this));
  }

  /** The session if anything touched it. */
  get sessionIfUsed(): Session | undefined {
    return this.#visitorSession;
  }

  get csp(): CspNonce {
    return this.#cspNonce ?? NO_NONCE;
  }

  /** The cookie jar if anything touched it (no allocation otherwise). */
  get cookiesIfUsed(): Cookies | undefined {
    return this.#cookieJar;
  }

  get response(): PageResponse {
    if (this.#pageResponse) return this.#pageResponse;
    let status = 200;
    let statusText = '';
    const guard = this.guard;
    return (this.#pageResponse = {
      get status() {
        return status;
      },
      set status(value: number) {
        guard('response.status =');
        if (!Number.isInteger(value) || value < 200 || value > 599) throw new RangeError(`response.status must be an integer from 200 to 599, not ${value}.`);
        status = value;
      },
      get statusText() {
        return statusText;
      },
      set statusText(value: string) {
        guard('response.statusText =');
        statusText = String(value);
      },
      headers: new GuardedHeaders(guard),
    });
  }

  get cache(): RouteCache {
    if (this.#routeCache) return this.#routeCache;
    if (!this.#cacheSupport) {
      throw new NotBundledError('ctx.cache', 'the config has routeRules or the server code names the `cache` property (ctx.cache, { cache }) or `invalidate`');
    }
    return (this.#routeCache = this.#cacheSupport.context(this.#cacheProvider, this.env, this.guard));
  }

  /** The route's cache decision, if it made one. */
  get cacheIfUsed(): RouteCache | undefined {
    return this.#routeCache;
  }

  /** The response settings if the page touched them. */
  get responseIfUsed(): PageResponse | undefined {
    return this.#pageResponse;
  }

  get clientAddress(): string {
    if (prerenders && this.isPrerendered) throw new PrerenderRequestDataError('ctx.clientAddress', this.routePattern);
    const address = this.#platform?.clientAddress;
    if (address === undefined) throw new Error('This adapter does not provide the client address.');
    return address;
  }

  get site(): URL | undefined {
    return this.#siteOrigin ? new URL(this.#siteOrigin) : undefined;
  }

  // Arrow fields, so `({ redirect, waitUntil }) => ...` destructuring keeps working.
  readonly waitUntil = (promise: Promise<unknown>): void => {
    if (this.#platform?.waitUntil) this.#platform.waitUntil(promise);
    else promise.catch((error) => console.error('edgepress: a waitUntil() promise failed:', error));
  };

  readonly getActionResult = <A extends AnyAction>(action: A): FormActionResult<ActionInputOf<A>, ActionDataOf<A>> | undefined => {
    const shown = this.actionResult;
    return shown !== undefined && shown.name === action.actionName ? (shown.result as FormActionResult<ActionInputOf<A>, ActionDataOf<A>>) : undefined;
  };

  readonly rewrite = (target: RewriteTarget): Promise<Response> => {
    this.guard('rewrite()');
    if (!this.#rewriter) return Promise.reject(new Error('rewrite() is not available here.'));
    return this.#rewriter(this, target);
  };

  readonly redirect = (location: string | URL, status: 301 | 302 | 303 | 307 | 308 = 302): Response => {
    this.guard('redirect()');
    if (!REDIRECTS.has(status)) {
      throw new InvalidRedirectError(`redirect(${JSON.stringify(String(location))}, ${status}): the status must be 301, 302, 303, 307 or 308.`);
    }
    return new Response(null, { status, headers: { location: redirectLocation(location) } });
  };
}

/**
 * `value` unless a header cannot carry it (RFC 9110 §5.5: visible ASCII, space, tab, bytes
 * 0x80-0xFF): CR/LF would split the response, other controls make Node's server throw, and
 * characters above U+00FF are not bytes. Throws InvalidHeaderError naming `what`.
 */
function headerValue(what: string, value: unknown): string {
  const text = String(value);
  if (/[^\t\x20-\x7e\x80-\xff]/.test(text)) throw new InvalidHeaderError(`${what} with ${JSON.stringify(text)}`);
  return text;
}

/**
 * A redirect's Location: controls refused, other non-ASCII percent-encoded as UTF-8 ('/über' ->
 * '/%C3%BCber'), and a path ('//evil.com', '/\\evil.com') kept on this origin.
 */
function redirectLocation(location: string | URL): string {
  const text = String(location);
  let encoded: string | undefined;
  try {
    encoded = text.replace(/[^\x00-\x7f]+/g, (run) => encodeURI(run));
  } catch {
    // A lone surrogate has no UTF-8 form.
  }
  if (encoded === undefined || /[^\t\x20-\x7e]/.test(encoded)) throw new InvalidHeaderError(`redirect() with ${JSON.stringify(text)}`);
  return originPath(encoded) || '/';
}

/**
 * The route cache around an on-demand route: look up before rendering, store after (the body
 * teed, so a streamed page reaches the first visitor as it renders and is stored whole), serve
 * stale while a background render refreshes it. Every answer says what happened in
 * `Cache-Status` (RFC 9211) and, from the cache, `Age`.
 */
import type { RouteEntry } from '../../manifest.ts';
import { pathTag } from './invalidate.ts';
import { CacheConfigError, type CacheProvider, type CacheRule, type CacheStore, type EntryMeta } from './types.ts';

export const CACHE_STATUS = 'cache-status';

/** What the handler gives the flow about one render. */
export interface Rendered {
  response: Response;
  /** The route's own `ctx.cache` decision, if any. */
  options: Required<CacheRule> | false | undefined;
  /** True once the streamed body failed part-way: such a page is never stored. */
  failed(): boolean;
  /** When the render started (ms). */
  startedAt: number;
  /** The render opened the visitor's session (read or wrote it): its output may depend on the session cookie. */
  session: boolean;
}

export interface CacheFlow {
  /** Whether a GET/HEAD of `route` may find a stored answer: it has a rule, may call `ctx.cache.set()`, or stored one before. */
  mayHit(request: Request, route: RouteEntry): boolean;
  /** A cached answer to a GET/HEAD, or undefined to render. `refresh` renders again for a stale hit. */
  lookup(request: Request, url: URL, route: RouteEntry, env: unknown, refresh: () => Promise<Rendered>, waitUntil: (p: Promise<unknown>) => void): Promise<Response | undefined>;
  /** The rendered response as sent: stored through a tee when it may be, with the cache headers. */
  finish(request: Request, url: URL, route: RouteEntry, env: unknown, rendered: Rendered, waitUntil: (p: Promise<unknown>) => void): Response;
}

const NO_STORE = /(?:^|,)\s*(?:private|no-store)\b/i;
const NONCE = /'nonce-/;

/** Why `response` may not be stored, or undefined when it may. */
function refusal(request: Request, response: Response): string | undefined {
  if (request.method !== 'GET') return 'method';
  // What an authenticated request gets is that user's: never shared.
  if (request.headers.has('authorization')) return 'authorization';
  if (response.status !== 200 || response.body === null) return 'status';
  if (response.headers.has('set-cookie')) return 'set-cookie';
  if (NO_STORE.test(response.headers.get('cache-control') ?? '')) return 'cache-control';
  if ((response.headers.get('vary') ?? '').includes('*')) return 'vary';
  // A nonce is a secret of one response: a stored copy would hand every visitor the same one.
  if (NONCE.test(response.headers.get('content-security-policy') ?? '') || NONCE.test(response.headers.get('content-security-policy-report-only') ?? '')) return 'csp-nonce';
  return undefined;
}

function varyNames(response: Response): string[] {
  const vary = response.headers.get('vary');
  return vary ? vary.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean).sort() : [];
}

/** The cache key: the URL (query included) and the values of the request headers the response varies on. */
function keyFor(url: URL, request: Request, vary: readonly string[]): string {
  const base = url.origin + url.pathname + url.search;
  if (vary.length === 0) return base;
  const values = vary.map((name) => `${name}=${request.headers.get(name) ?? ''}`).join('&');
  return `${base}${url.search ? '&' : '?'}edgepress-vary=${encodeURIComponent(values)}`;
}

/** Copies `response` with extra headers (a fetch() or Response.redirect() response has immutable ones). */
function withHeaders(response: Response, body: BodyInit | null, extra: Array<[string, string]>): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of extra) headers.set(name, value);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** The flow for `provider`; `sessionCookie` names the session cookie of a site with sessions. State (which routes cache, what they vary on, refreshes in flight) is per isolate. */
export function createCacheFlow(provider: CacheProvider, sessionCookie?: string): CacheFlow {
  /** Route pattern -> the Vary names of its last stored response: a route that ever cached is looked up. */
  const learned = new Map<string, string[]>();
  const refreshing = new Set<string>();
  let warned = false;

  /** The platform's store; a missing binding is logged once and the response goes uncached. */
  function storeFor(env: unknown): CacheStore | undefined {
    if (provider.kind !== 'store') return undefined;
    try {
      return provider.store(env);
    } catch (error) {
      if (!(error instanceof CacheConfigError)) throw error;
      if (!warned) console.error(`[edgepress] ${error.message}`);
      warned = true;
      return undefined;
    }
  }

  async function store(cache: CacheStore, key: string, meta: EntryMeta, body: ReadableStream<Uint8Array>, failed: () => boolean): Promise<void> {
    const bytes = await new Response(body).arrayBuffer();
    if (failed()) return;
    await cache.put(key, meta, bytes);
  }

  /** Decides for a render: the options in force and, for a store provider, whether to keep it. */
  function decide(request: Request, route: RouteEntry, rendered: Rendered): { rule?: Required<CacheRule>; refused?: string } {
    const rule = rendered.options === false ? undefined : (rendered.options ?? route.cache);
    if (!rule || rule.maxAge <= 0) return {};
    return { rule, refused: refusal(request, rendered.response) };
  }

  function keep(cache: CacheStore, request: Request, url: URL, route: RouteEntry, rendered: Rendered, rule: Required<CacheRule>): { key: string; save(body: ReadableStream<Uint8Array>): Promise<void> } {
    const vary = varyNames(rendered.response);
    learned.set(route.pattern, vary);
    const key = keyFor(url, request, vary);
    const response = rendered.response;
    const meta: EntryMeta = {
      status: response.status,
      headers: [...response.headers],
      storedAt: rendered.startedAt,
      maxAge: rule.maxAge,
      swr: rule.swr,
      tags: [...rule.tags, pathTag(url.pathname)],
      vary,
    };
    return { key, save: (body) => store(cache, key, meta, body, rendered.failed) };
  }

  function mayHit(request: Request, route: RouteEntry): boolean {
    if (provider.kind !== 'store' || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    return route.cache !== undefined || route.mayCache === true || learned.has(route.pattern);
  }

  return {
    mayHit,

    async lookup(request, url, route, env, refresh, waitUntil) {
      if (!mayHit(request, route)) return undefined;
      const vary = learned.get(route.pattern);
      // A shared cache never answers an authenticated request with a stored response.
      if (request.headers.has('authorization')) return undefined;
      const cache = storeFor(env);
      if (!cache) return undefined;
      const key = keyFor(url, request, vary ?? []);
      const entry = await cache.get(key);
      if (!entry) return undefined;
      const { meta } = entry;
      const now = Date.now();
      const age = Math.max(0, Math.floor((now - meta.storedAt) / 1000));
      const expired = now - meta.storedAt > (meta.maxAge + meta.swr) * 1000;
      if (expired || meta.vary.join() !== (vary ?? []).join() || (await cache.invalidatedAt(meta.tags)) >= meta.storedAt) {
        if (entry.body instanceof ReadableStream) void entry.body.cancel();
        return undefined;
      }
      const ttl = meta.maxAge - age;
      const stale = now - meta.storedAt > meta.maxAge * 1000;
      if (stale && !refreshing.has(key)) {
        refreshing.add(key);
        const get = new Request(request.url, { headers: request.headers });
        const work = refresh()
          .then(async (rendered) => {
            const { rule, refused } = decide(get, route, rendered);
            if (!rule || refused) {
              void rendered.response.body?.cancel();
              return;
            }
            await keep(cache, get, url, route, rendered, rule).save(rendered.response.body!);
          })
          .finally(() => refreshing.delete(key));
        waitUntil(work);
      }
      const headers = new Headers(meta.headers);
      headers.set('age', String(age));
      headers.set(CACHE_STATUS, stale ? `edgepress; hit; ttl=${ttl}; detail=stale` : `edgepress; hit; ttl=${ttl}`);
      const body = request.method === 'HEAD' ? null : entry.body;
      if (body === null && entry.body instanceof ReadableStream) void entry.body.cancel();
      return new Response(body, { status: meta.status, headers });
    },

    finish(request, url, route, env, rendered, waitUntil) {
      const { rule, refused } = decide(request, route, rendered);
      const response = rendered.response;
      if (!rule) return response;
      if (provider.kind === 'cdn') {
        const headers = refused ? undefined : provider.headers(rule, sessionCookie === undefined ? undefined : { cookie: sessionCookie, opened: rendered.session });
        return headers ? withHeaders(response, response.body, appendVary(response, headers)) : response;
      }
      if (refused) return withHeaders(response, response.body, [[CACHE_STATUS, `edgepress; fwd=${refused === 'method' ? 'method' : 'miss'}; detail=${refused}`]]);
      const cache = storeFor(env);
      if (!cache) return withHeaders(response, response.body, [[CACHE_STATUS, 'edgepress; fwd=miss; detail=no-store-binding']]);
      const [client, stored] = response.body!.tee();
      waitUntil(keep(cache, request, url, route, rendered, rule).save(stored));
      return withHeaders(response, client, [[CACHE_STATUS, 'edgepress; fwd=miss; stored']]);
    },
  };
}

/** `extra`, with a `Netlify-Vary` the response already has kept in front of the one added. */
function appendVary(response: Response, extra: Array<[string, string]>): Array<[string, string]> {
  const existing = response.headers.get('netlify-vary');
  return existing ? extra.map(([name, value]) => (name === 'Netlify-Vary' ? [name, `${existing},${value}`] : [name, value])) : extra;
}

/** Site configuration: the shape of `edgepress.config.ts` and its defaults. */
import { InvalidConfigError } from './config-error.ts';
import { resolveSecurity, resolveSession, type ResolvedSecurity, type ResolvedSession, type SecurityConfig, type SessionConfig } from './config-security.ts';
import { resolveEnv, type EnvConfig, type EnvSchema, type EnvSchemaSpec } from './config-env.ts';

export type Output = 'static' | 'server';
export type TrailingSlash = 'ignore' | 'always' | 'never';
export type AdapterName = 'cloudflare' | 'cloudflare-kv' | 'deno' | 'vercel' | 'netlify' | 'bun' | 'node';

export interface BudgetConfig {
  /** Warn when the gzipped server bundle exceeds this many bytes (default 1 MB). */
  warnBytes?: number;
  /** Fail the build above this many gzipped bytes (default 3 MB, Cloudflare's free-plan limit). */
  failBytes?: number;
  /** Fail the build when evaluating the server module takes longer (default 400 ms, Cloudflare's limit). */
  startupMs?: number;
}

/** Bounds on what one request may cost. */
export interface LimitsConfig {
  /** Largest request body an on-demand route reads, in bytes (default 1 MiB); above it, 413. */
  bodyBytes?: number;
  /** Milliseconds a request may take to get its response headers (default 30 s); then 504, and a streamed page still rendering ends. */
  renderTimeoutMs?: number;
}

export interface JsxConfig {
  /**
   * Compile intrinsic JSX elements into HTML strings at build time (default true). Same bytes
   * either way; turn it off for code that reads the props of JSX elements it is given.
   */
  precompile?: boolean;
}

/** A redirect's status; without one, 301 for GET and HEAD and 308 for other methods. */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

/** `redirects` values: a destination (path or absolute URL), or one with its status. */
export type RedirectTarget = string | { status: RedirectStatus; destination: string };

/** How long an on-demand response may be served from the cache (seconds), and its tags. */
export interface CacheRule {
  /** Fresh for this many seconds. */
  maxAge: number;
  /** Then served stale for this many more seconds while it is rendered again in the background. */
  swr?: number;
  /** Names `invalidate({ tags })` can drop it by. */
  tags?: string[];
}

export interface CacheConfig {
  /** Cloudflare: the KV namespace binding holding tag invalidations (default 'CACHE_TAGS'). */
  kvBinding?: string;
}

export interface UserConfig<S extends EnvSchema = EnvSchema> {
  /** 'static' (default): routes are prerendered unless `prerender = false`; 'server': the reverse. */
  output?: Output;
  /** The platform the server bundle is shaped for (default 'cloudflare'). */
  adapter?: AdapterName;
  /** The deployed origin, e.g. 'https://example.com'; exposed as `ctx.site`. */
  site?: string;
  /** The path every route and asset lives under (default '/'). */
  base?: string;
  /** How URLs ending in '/' are treated (default 'ignore'). */
  trailingSlash?: TrailingSlash;
  /** Bundle size and start-up budgets checked by the build. */
  budget?: BudgetConfig;
  /** How the build compiles the site's JSX. */
  jsx?: JsxConfig;
  /** `{ '/old': '/new', '/blog/[...slug]': '/articles/[...slug]', '/x': { status: 302, destination: 'https://example.org/y' } }` */
  redirects?: Record<string, RedirectTarget>;
  /** Cache rules by route pattern: `{ '/products/[id]': { maxAge: 60, swr: 600 } }`. */
  routeRules?: Record<string, CacheRule>;
  /** Route cache settings. */
  cache?: CacheConfig;
  /** `ctx.session`: where the data lives, how long, and the cookie. */
  session?: SessionConfig;
  /** The origin check of form submissions and the Content-Security-Policy. */
  security?: SecurityConfig;
  /** Request body size and render time limits. */
  limits?: LimitsConfig;
  /** The variables the site needs (`env: { schema: { API_KEY: { type: 'string' } } }`), checked before the first request. */
  env?: EnvConfig<S>;
}

export interface ResolvedConfig {
  output: Output;
  adapter: AdapterName;
  site: string | undefined;
  base: string;
  trailingSlash: TrailingSlash;
  budget: Required<BudgetConfig>;
  jsx: Required<JsxConfig>;
  redirects: Record<string, { status?: RedirectStatus; destination: string }>;
  routeRules: Record<string, Required<CacheRule>>;
  cache: Required<CacheConfig>;
  /** undefined: the adapter's default driver, with the default cookie and ttl. */
  session: ResolvedSession | undefined;
  security: ResolvedSecurity;
  limits: Required<LimitsConfig>;
  /** `env.schema` as data; `{}` without one. */
  env: EnvSchemaSpec;
}

/** Declares a site's configuration with types; returns it unchanged (its env schema's literal types kept for `SiteEnv`). */
export function defineConfig<const S extends EnvSchema = EnvSchema>(config: UserConfig<S>): UserConfig<S> {
  return config;
}

export const ADAPTERS: readonly AdapterName[] = ['cloudflare', 'cloudflare-kv', 'deno', 'vercel', 'netlify', 'bun', 'node'];

export { InvalidConfigError };

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new InvalidConfigError(
    `edgepress.config.ts: \`${key}\` is ${JSON.stringify(value)}; use one of ${allowed.map((a) => `'${a}'`).join(', ')}.`,
  );
}

function resolveJsx(value: unknown): Required<JsxConfig> {
  if (value === undefined) return { precompile: true };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidConfigError(`edgepress.config.ts: \`jsx\` is ${JSON.stringify(value)}; use an object such as \`jsx: { precompile: false }\`.`);
  }
  const jsx = value as Record<string, unknown>;
  for (const key of Object.keys(jsx)) {
    if (key !== 'precompile') throw new InvalidConfigError(`edgepress.config.ts: unknown option \`jsx.${key}\`; the only one is precompile.`);
  }
  if (jsx.precompile !== undefined && typeof jsx.precompile !== 'boolean') {
    throw new InvalidConfigError(`edgepress.config.ts: \`jsx.precompile\` is ${JSON.stringify(jsx.precompile)}; use true or false.`);
  }
  return { precompile: jsx.precompile ?? true };
}

/** Checks a user config and fills in the defaults; throws InvalidConfigError naming the key and the fix. */
export function resolveConfig(input: unknown): ResolvedConfig {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidConfigError('edgepress.config.ts: the default export must be an object: `export default defineConfig({ ... })`.');
  }
  const c = input as Record<string, unknown>;
  const known = new Set(['output', 'adapter', 'site', 'base', 'trailingSlash', 'budget', 'redirects', 'routeRules', 'cache', 'jsx', 'session', 'security', 'limits', 'env']);
  for (const key of Object.keys(c)) {
    if (!known.has(key)) throw new InvalidConfigError(`edgepress.config.ts: unknown option \`${key}\`; the options are ${[...known].join(', ')}.`);
  }
  let site: string | undefined;
  if (c.site !== undefined) {
    try {
      site = new URL(String(c.site)).origin;
      if (typeof c.site !== 'string') throw new Error();
    } catch {
      throw new InvalidConfigError(`edgepress.config.ts: \`site\` is ${JSON.stringify(c.site)}; use an absolute URL such as 'https://example.com'.`);
    }
  }
  let base = '/';
  if (c.base !== undefined) {
    if (typeof c.base !== 'string' || !/^\/?[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(c.base) || c.base.includes('//') || c.base.includes('..')) {
      throw new InvalidConfigError(`edgepress.config.ts: \`base\` is ${JSON.stringify(c.base)}; use a path such as '/docs'.`);
    }
    base = ('/' + c.base.replace(/^\/+|\/+$/g, '') + '/').replace(/^\/\/$/, '/');
  }
  const budgetIn = (c.budget ?? {}) as Record<string, unknown>;
  const num = (key: string, fallback: number): number => {
    const v = budgetIn[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !(v > 0)) throw new InvalidConfigError(`edgepress.config.ts: \`budget.${key}\` must be a positive number.`);
    return v;
  };
  return {
    jsx: resolveJsx(c.jsx),
    output: oneOf('output', c.output, ['static', 'server'] as const, 'static'),
    adapter: oneOf('adapter', c.adapter, ADAPTERS, 'cloudflare'),
    site,
    base,
    trailingSlash: oneOf('trailingSlash', c.trailingSlash, ['ignore', 'always', 'never'] as const, 'ignore'),
    budget: { warnBytes: num('warnBytes', 1024 * 1024), failBytes: num('failBytes', 3 * 1024 * 1024), startupMs: num('startupMs', 400) },
    redirects: resolveRedirects(c.redirects),
    routeRules: resolveRouteRules(c.routeRules),
    cache: resolveCache(c.cache),
    session: resolveSession(c.session),
    security: resolveSecurity(c.security),
    limits: resolveLimits(c.limits),
    env: resolveEnv(c.env),
  };
}

/** `cache.kvBinding` when the config names none (the Workers entries read it as the default too). */
export const DEFAULT_CACHE_BINDING = 'CACHE_TAGS';

export const DEFAULT_LIMITS: Required<LimitsConfig> = { bodyBytes: 1024 * 1024, renderTimeoutMs: 30_000 };

function resolveLimits(value: unknown): Required<LimitsConfig> {
  const l = record('limits', value, '{ bodyBytes: 1048576, renderTimeoutMs: 30000 }');
  const out = { ...DEFAULT_LIMITS };
  for (const [key, v] of Object.entries(l)) {
    if (key !== 'bodyBytes' && key !== 'renderTimeoutMs') throw new InvalidConfigError(`edgepress.config.ts: unknown option \`limits.${key}\`; the options are bodyBytes, renderTimeoutMs.`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new InvalidConfigError(`edgepress.config.ts: \`limits.${key}\` is ${JSON.stringify(v)}; use a whole number above 0 (${key === 'bodyBytes' ? 'bytes, e.g. 1048576 for 1 MiB' : 'milliseconds, e.g. 30000'}).`);
    }
    out[key] = v;
  }
  return out;
}

const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];

function record(key: string, value: unknown, example: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidConfigError(`edgepress.config.ts: \`${key}\` must be an object, as in ${example}.`);
  }
  return value as Record<string, unknown>;
}

/** The shape of `redirects`; patterns and params are checked by the build (src/build/redirects.ts). */
function resolveRedirects(value: unknown): ResolvedConfig['redirects'] {
  const out: ResolvedConfig['redirects'] = {};
  for (const [from, to] of Object.entries(record('redirects', value, "{ '/old': '/new' }"))) {
    const where = `edgepress.config.ts: redirects[${JSON.stringify(from)}]`;
    if (!from.startsWith('/') || from.startsWith('//')) throw new InvalidConfigError(`${where}: the source must be a path starting with one '/', such as '/old'.`);
    if (typeof to === 'string') {
      out[from] = { destination: to };
      continue;
    }
    const target = to as { status?: unknown; destination?: unknown } | null;
    if (typeof target !== 'object' || target === null || typeof target.destination !== 'string') {
      throw new InvalidConfigError(`${where}: use a destination string ('/new') or { status: 302, destination: '/new' }.`);
    }
    if (!REDIRECT_STATUSES.includes(target.status as number)) {
      throw new InvalidConfigError(`${where}: status is ${JSON.stringify(target.status)}; use 301, 302, 303, 307 or 308.`);
    }
    out[from] = { status: target.status as RedirectStatus, destination: target.destination };
  }
  return out;
}

function seconds(where: string, name: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidConfigError(`${where}: \`${name}\` must be a number of seconds (0 or more), not ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Checks `routeRules` values; which routes a key names is the build's business. */
function resolveRouteRules(value: unknown): ResolvedConfig['routeRules'] {
  const out: ResolvedConfig['routeRules'] = {};
  for (const [pattern, rule] of Object.entries(record('routeRules', value, "{ '/products/[id]': { maxAge: 60, swr: 600 } }"))) {
    const where = `edgepress.config.ts: routeRules[${JSON.stringify(pattern)}]`;
    if (!pattern.startsWith('/')) throw new InvalidConfigError(`${where}: the key must be a route pattern starting with '/', such as '/products/[id]'.`);
    const r = rule as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null) throw new InvalidConfigError(`${where}: use { maxAge: 60, swr: 600, tags: ['products'] }.`);
    for (const key of Object.keys(r)) {
      if (!['maxAge', 'swr', 'tags'].includes(key)) throw new InvalidConfigError(`${where}: unknown option \`${key}\`; the options are maxAge, swr, tags.`);
    }
    const tags = r.tags ?? [];
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || t === '' || /[\s,]/.test(t))) {
      throw new InvalidConfigError(`${where}: \`tags\` must be an array of names without spaces or commas, such as ['products'].`);
    }
    out[pattern] = { maxAge: seconds(where, 'maxAge', r.maxAge), swr: seconds(where, 'swr', r.swr, 0), tags: tags as string[] };
  }
  return out;
}

function resolveCache(value: unknown): ResolvedConfig['cache'] {
  const c = record('cache', value, "{ kvBinding: 'CACHE_TAGS' }");
  for (const key of Object.keys(c)) {
    if (key !== 'kvBinding') throw new InvalidConfigError(`edgepress.config.ts: unknown option \`cache.${key}\`; the option is kvBinding.`);
  }
  if (c.kvBinding !== undefined && (typeof c.kvBinding !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.kvBinding))) {
    throw new InvalidConfigError(`edgepress.config.ts: \`cache.kvBinding\` must be a binding name such as 'CACHE_TAGS'.`);
  }
  return { kvBinding: (c.kvBinding as string | undefined) ?? DEFAULT_CACHE_BINDING };
}

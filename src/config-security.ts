/** The `session` and `security` options of `edgepress.config.ts`: their shapes, defaults and checks. */
import type { CookieSetOptions } from './runtime/cookies.ts';
import { InvalidConfigError } from './config-error.ts';

/** Where session data lives: Workers KV, this process's memory, or a module of yours (default-exporting a driver factory). */
export type SessionDriverName = 'kv' | 'memory' | (string & {});

/** The session cookie: its name, or its name and attributes. */
export type SessionCookieConfig = string | (Omit<CookieSetOptions, 'encode' | 'expires'> & { name?: string });

export interface SessionConfig {
  /** 'kv' (default on Cloudflare), 'memory' (default elsewhere), or a module path such as './session-driver.ts'. */
  driver?: SessionDriverName;
  /** The KV namespace binding of the 'kv' driver (default 'SESSION'). */
  binding?: string;
  /** Seconds a session lives after its last write (default 7 days); also the cookie's Max-Age. */
  ttl?: number;
  /** The cookie's name (default 'edgepress-session') or its name and attributes. */
  cookie?: SessionCookieConfig;
}

/** The source list of one CSP directive, e.g. `['self', 'https://cdn.example']` (keywords without quotes). */
export type CspSources = string[];

export interface CspConfig {
  /**
   * Prerendered pages: 'auto' (default) and 'hash' give each one the hashes of its inline scripts and styles
   * (a header rule where the platform has them, a `<meta>` policy otherwise); 'nonce' gives them none.
   * On-demand pages always get a fresh nonce in the header.
   */
  mode?: 'auto' | 'nonce' | 'hash';
  /** Send `Content-Security-Policy-Report-Only` instead: violations are reported, nothing is blocked (default false). */
  reportOnly?: boolean;
  /** Directives, e.g. `{ 'script-src': ['self'], 'object-src': ['none'] }`; keywords are quoted for you. */
  directives: Record<string, CspSources | true>;
}

export interface SecurityConfig {
  /** Refuse cross-origin form submissions to on-demand routes with 403 (default true). */
  checkOrigin?: boolean;
  /** Hosts whose `X-Forwarded-Host` is trusted as the request's origin (e.g. behind a proxy). */
  allowedDomains?: string[];
  /** A Content-Security-Policy that covers the scripts the framework writes. */
  /** `true` is Astro's shorthand: `{ directives: { 'script-src': ['self'], 'style-src': ['self'] } }`; `false`: none. */
  csp?: CspConfig | boolean;
}

export interface ResolvedSession {
  driver: SessionDriverName;
  binding: string;
  ttl: number;
  cookie: { name: string; options: Omit<CookieSetOptions, 'encode' | 'expires'> };
}

export interface ResolvedSecurity {
  checkOrigin: boolean;
  allowedDomains: string[];
  csp: { mode: 'auto' | 'nonce' | 'hash'; reportOnly: boolean; directives: Record<string, string[]> } | undefined;
}


const SESSION_KEYS = ['driver', 'binding', 'ttl', 'cookie'];
const COOKIE_KEYS = ['name', 'domain', 'path', 'maxAge', 'httpOnly', 'secure', 'sameSite', 'partitioned', 'priority'];
const BINDING = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function object(key: string, value: unknown, example: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidConfigError(`edgepress.config.ts: \`${key}\` must be an object, as in ${example}.`);
  }
  return value as Record<string, unknown>;
}

function onlyKeys(key: string, value: Record<string, unknown>, known: string[]): void {
  for (const k of Object.keys(value)) {
    if (!known.includes(k)) throw new InvalidConfigError(`edgepress.config.ts: unknown option \`${key}.${k}\`; the options are ${known.join(', ')}.`);
  }
}

/** Checks `session`; undefined when the site configures none (sessions then use the adapter's default driver). */
export function resolveSession(value: unknown): ResolvedSession | undefined {
  if (value === undefined) return undefined;
  const s = object('session', value, "{ driver: 'kv', ttl: 3600 }");
  onlyKeys('session', s, SESSION_KEYS);
  if (s.driver !== undefined && (typeof s.driver !== 'string' || s.driver === '')) {
    throw new InvalidConfigError("edgepress.config.ts: `session.driver` must be 'kv', 'memory' or the path of a driver module such as './session-driver.ts'.");
  }
  if (s.binding !== undefined && (typeof s.binding !== 'string' || !BINDING.test(s.binding))) {
    throw new InvalidConfigError("edgepress.config.ts: `session.binding` must be a binding name such as 'SESSION'.");
  }
  if (s.ttl !== undefined && (typeof s.ttl !== 'number' || !Number.isInteger(s.ttl) || s.ttl < 60)) {
    throw new InvalidConfigError(`edgepress.config.ts: \`session.ttl\` must be a whole number of seconds, 60 or more (Workers KV's minimum), not ${JSON.stringify(s.ttl)}.`);
  }
  return { ...defaultSession(), ...(s.driver ? { driver: s.driver as string } : {}), binding: (s.binding as string | undefined) ?? 'SESSION', ttl: (s.ttl as number | undefined) ?? DEFAULT_TTL, cookie: resolveCookie(s.cookie) };
}

const DEFAULT_TTL = 7 * 24 * 3600;

/** The session settings of a site that configures none. */
export function defaultSession(): ResolvedSession {
  return { driver: 'auto', binding: 'SESSION', ttl: DEFAULT_TTL, cookie: { name: 'edgepress-session', options: {} } };
}

function resolveCookie(value: unknown): ResolvedSession['cookie'] {
  if (value === undefined) return { name: 'edgepress-session', options: {} };
  if (typeof value === 'string') value = { name: value };
  const c = object('session.cookie', value, "{ name: 'sid', sameSite: 'strict' }");
  onlyKeys('session.cookie', c, COOKIE_KEYS);
  const { name = 'edgepress-session', ...options } = c;
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new InvalidConfigError(`edgepress.config.ts: \`session.cookie.name\` is ${JSON.stringify(name)}; a cookie name is letters, digits and !#$%&'*+.^_\`|~- only.`);
  }
  return { name, options: options as ResolvedSession['cookie']['options'] };
}

/** CSP keywords that must be single-quoted in the header. */
const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic', 'unsafe-hashes', 'report-sample', 'wasm-unsafe-eval', 'inline-speculation-rules']);

/** Checks `security`; `checkOrigin` is on unless set to false. */
export function resolveSecurity(value: unknown): ResolvedSecurity {
  if (value === undefined) return { checkOrigin: true, allowedDomains: [], csp: undefined };
  const s = object('security', value, '{ checkOrigin: true, csp: { directives: { ... } } }');
  onlyKeys('security', s, ['checkOrigin', 'allowedDomains', 'csp']);
  if (s.checkOrigin !== undefined && typeof s.checkOrigin !== 'boolean') throw new InvalidConfigError('edgepress.config.ts: `security.checkOrigin` must be true or false.');
  const domains = s.allowedDomains ?? [];
  if (!Array.isArray(domains) || domains.some((d) => typeof d !== 'string' || !/^[a-z0-9.-]+(:\d+)?$/i.test(d))) {
    throw new InvalidConfigError("edgepress.config.ts: `security.allowedDomains` must be a list of host names, such as ['example.com', 'www.example.com'].");
  }
  return { checkOrigin: s.checkOrigin !== false, allowedDomains: (domains as string[]).map((d) => d.toLowerCase()), csp: s.csp === undefined || s.csp === false ? undefined : resolveCsp(s.csp === true ? ASTRO_DEFAULT_CSP : s.csp) };
}

/** `csp: true` (Astro's shorthand): scripts and styles from this origin, plus each page's nonce or hashes. */
const ASTRO_DEFAULT_CSP = { directives: { 'script-src': ['self'], 'style-src': ['self'] } };

function resolveCsp(value: unknown): NonNullable<ResolvedSecurity['csp']> {
  const c = object('security.csp', value, "{ directives: { 'script-src': ['self'] } }");
  onlyKeys('security.csp', c, ['mode', 'reportOnly', 'directives']);
  if (c.reportOnly !== undefined && typeof c.reportOnly !== 'boolean') throw new InvalidConfigError('edgepress.config.ts: `security.csp.reportOnly` must be true or false.');
  const mode = c.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'nonce' && mode !== 'hash') throw new InvalidConfigError(`edgepress.config.ts: \`security.csp.mode\` is ${JSON.stringify(mode)}; use 'auto', 'nonce' or 'hash'.`);
  const directives: Record<string, string[]> = {};
  for (const [name, sources] of Object.entries(object('security.csp.directives', c.directives ?? {}, "{ 'script-src': ['self'] }"))) {
    const where = `edgepress.config.ts: security.csp.directives[${JSON.stringify(name)}]`;
    if (!/^[a-z-]+$/.test(name)) throw new InvalidConfigError(`${where}: a directive name is lower-case letters and '-', such as 'script-src'.`);
    if (sources === true) {
      directives[name] = [];
      continue;
    }
    if (!Array.isArray(sources) || sources.some((v) => typeof v !== 'string' || /[\s;,]/.test(v) || v === '')) {
      throw new InvalidConfigError(`${where}: use a list of sources without spaces, semicolons or commas, such as ['self', 'https://cdn.example.com'] (or true for a directive without values).`);
    }
    directives[name] = (sources as string[]).map((v) => (KEYWORDS.has(v) || /^(nonce|sha256|sha384|sha512)-/.test(v) ? `'${v}'` : v));
  }
  return { mode, reportOnly: c.reportOnly === true, directives };
}

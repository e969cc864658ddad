/** Site configuration: the shape of `edgepress.config.ts` and its defaults. */

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

export interface JsxConfig {
  /**
   * Compile intrinsic JSX elements into HTML strings at build time (default true). Same bytes
   * either way; turn it off for code that reads the props of JSX elements it is given.
   */
  precompile?: boolean;
}

export interface UserConfig {
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
}

export interface ResolvedConfig {
  output: Output;
  adapter: AdapterName;
  site: string | undefined;
  base: string;
  trailingSlash: TrailingSlash;
  budget: Required<BudgetConfig>;
  jsx: Required<JsxConfig>;
}

/** Declares a site's configuration with types; returns it unchanged. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

export const ADAPTERS: readonly AdapterName[] = ['cloudflare', 'cloudflare-kv', 'deno', 'vercel', 'netlify', 'bun', 'node'];

/** Thrown when `edgepress.config.ts` holds a value the framework cannot use. */
export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError';
}

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
  const known = new Set(['output', 'adapter', 'site', 'base', 'trailingSlash', 'budget', 'jsx']);
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
  };
}

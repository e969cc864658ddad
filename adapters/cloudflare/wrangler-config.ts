/** Build time: the site's own wrangler config, completed with what the framework needs. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import type { TrailingSlash } from '../../src/config.ts';
import { BuildError } from '../../src/build/build-error.ts';

export const COMPATIBILITY_DATE = '2026-04-26';

/** Workers Static Assets' html handling that serves our page layout without redirects. */
export function htmlHandling(rule: TrailingSlash): string {
  return rule === 'always' ? 'force-trailing-slash' : rule === 'never' ? 'drop-trailing-slash' : 'none';
}

/** The names wrangler reads, in the order it prefers them. */
export const WRANGLER_CONFIG_NAMES = ['wrangler.jsonc', 'wrangler.json', 'wrangler.toml'] as const;

/** The first wrangler config file in `root`, if any. */
export function siteWranglerConfigFile(root: string): (typeof WRANGLER_CONFIG_NAMES)[number] | undefined {
  return WRANGLER_CONFIG_NAMES.find((name) => existsSync(join(root, name)));
}

/** Parses wrangler.json(c) text (comments and trailing commas allowed, as wrangler does). */
export function parseWranglerJson(text: string, name: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const config = parseJsonc(text, errors, { allowTrailingComma: true }) as unknown;
  const first = errors[0];
  if (first) {
    const line = text.slice(0, first.offset).split('\n').length;
    throw new BuildError(name, `cannot be parsed: ${printParseErrorCode(first.error)} on line ${line}.`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new BuildError(name, 'must hold one JSON object.');
  return config as Record<string, unknown>;
}

/** Reads wrangler.toml / wrangler.json / wrangler.jsonc from the site root, if any. */
export function readSiteWranglerConfig(root: string): { config: Record<string, unknown>; file?: string } {
  const name = siteWranglerConfigFile(root);
  if (!name) return { config: {} };
  const text = readFileSync(join(root, name), 'utf8');
  if (!name.endsWith('.toml')) return { config: parseWranglerJson(text, name), file: name };
  try {
    return { config: parseToml(text) as Record<string, unknown>, file: name };
  } catch (error) {
    throw new BuildError(name, `cannot be parsed: ${(error as Error).message}`);
  }
}

/** A Worker name from the site's folder: wrangler takes lowercase letters, digits and inner dashes. */
export function workerName(root: string): string {
  return basename(root).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'edgepress-site';
}

/** dist/server/wrangler.json: the site's config with `main`, `assets` and html handling set. */
export function serverWranglerConfig(options: {
  root: string;
  serverDir: string;
  clientDir: string;
  mainFile: string;
  trailingSlash: TrailingSlash;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const { config } = readSiteWranglerConfig(options.root);
  const siteAssets = (config.assets ?? {}) as Record<string, unknown>;
  const { main: _main, assets: _assets, site: _site, ...rest } = config;
  return {
    name: workerName(options.root),
    compatibility_date: COMPATIBILITY_DATE,
    ...rest,
    main: relative(options.serverDir, options.mainFile),
    assets: {
      ...siteAssets,
      directory: relative(options.serverDir, options.clientDir) || '.',
      binding: 'ASSETS',
      html_handling: htmlHandling(options.trailingSlash),
      not_found_handling: 'none',
    },
    ...options.extra,
  };
}

/** Build time: the site's own wrangler config, completed with what the framework needs. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { TrailingSlash } from '../../src/config.ts';
import { BuildError } from '../../src/build/build-error.ts';

export const COMPATIBILITY_DATE = '2026-04-26';

/** Workers Static Assets' html handling that serves our page layout without redirects. */
export function htmlHandling(rule: TrailingSlash): string {
  return rule === 'always' ? 'force-trailing-slash' : rule === 'never' ? 'drop-trailing-slash' : 'none';
}

/** Reads wrangler.toml / wrangler.json / wrangler.jsonc from the site root, if any. */
export function readSiteWranglerConfig(root: string): { config: Record<string, unknown>; file?: string } {
  for (const name of ['wrangler.jsonc', 'wrangler.json', 'wrangler.toml']) {
    const file = join(root, name);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    try {
      const config = name.endsWith('.toml')
        ? (parseToml(text) as Record<string, unknown>)
        : (JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '').replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>);
      return { config, file: name };
    } catch (error) {
      throw new BuildError(name, `cannot be parsed: ${(error as Error).message}`);
    }
  }
  return { config: {} };
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
    name: basename(options.root).toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'edgepress-site',
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

/**
 * What the build tells about the route cache: whether the site can invalidate entries (only then
 * does Cloudflare need the KV namespace of tag times), and which routes are cached where.
 */
import { readFileSync } from 'node:fs';
import type { Metafile } from 'esbuild';
import type { AdapterName } from '../config.ts';
import type { Manifest } from '../manifest.ts';
import { bundleNames, siteInputs } from './property-use.ts';

/**
 * True when a module of the site (or a package it imports) names `invalidate`: the imported
 * function or `ctx.cache.invalidate`. A text match errs towards yes, which costs only a binding
 * that `wrangler deploy` creates; a miss is loud at request time (invalidate() throws with the fix).
 */
export function bundleInvalidates(metafile: Metafile, root: string): boolean {
  for (const file of siteInputs(metafile, root)) if (/\binvalidate\b/.test(readFileSync(file, 'utf8'))) return true;
  return false;
}

/**
 * True when the site's code may use the route cache: it names the `cache` property (`ctx.cache`,
 * `{ cache }`: property-use.ts) or `invalidate`. Without it, and without `routeRules`, the build
 * leaves the route cache out of the bundle.
 */
export function bundleUsesCache(metafile: Metafile, root: string): boolean {
  return bundleNames(metafile, root, 'cache') || bundleInvalidates(metafile, root);
}

const WHERE: Record<AdapterName, string> = {
  cloudflare: 'the Workers Cache API',
  'cloudflare-kv': 'the Workers Cache API',
  node: 'memory (per process)',
  bun: 'memory (per process)',
  deno: 'memory (per isolate)',
  vercel: "Vercel's CDN (Vercel-CDN-Cache-Control)",
  netlify: "Netlify's CDN (Netlify-CDN-Cache-Control)",
};

/** The summary line: the on-demand routes that may be cached, and where; undefined when none may. */
export function routeCacheNote(manifest: Manifest, adapter: AdapterName): string | undefined {
  const routes = manifest.routes.filter((r) => !r.prerender && r.kind !== 'redirect' && (r.cache || r.mayCache));
  if (routes.length === 0) return undefined;
  const list = routes.map((r) => `${r.pattern} (${r.cache ? 'routeRules' : 'ctx.cache.set'})`).join(', ');
  return `route cache: ${list} in ${WHERE[adapter]}`;
}

/**
 * Bindings while prerendering (Cloudflare adapters): a prerendered page and `getStaticPaths`
 * read the site's KV, D1, R2... through `ctx.env` (and `cloudflare:workers`' env) with the local
 * data `edgepress dev` uses (`.wrangler/state`), through wrangler's platform proxy; bindings the
 * wrangler config marks `remote: true` reach the real resource, as in wrangler dev.
 *
 * Paid for only when used: the proxy (Miniflare, ~1-3 s) starts only when the site has a
 * wrangler config with bindings and a prerendered route's own code (or a site module it imports)
 * mentions `env`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { readSiteWranglerConfig } from '../../adapters/cloudflare/wrangler-config.ts';
import { reachableInputs } from './metafile-graph.ts';
import { importPeer } from './peers.ts';

/** The wrangler config keys that give a Worker bindings the platform proxy can serve. */
const BINDING_KEYS = ['kv_namespaces', 'd1_databases', 'r2_buckets', 'vars', 'services', 'hyperdrive', 'vectorize', 'ai', 'queues', 'durable_objects', 'analytics_engine_datasets', 'secrets_store_secrets', 'images', 'workflows'];

export interface BuildBindings {
  env: Record<string, unknown>;
  dispose(): Promise<void>;
}

/** Site files (relative to `root`) reachable from `entries` in the prerender bundle, node_modules aside. */
function siteModulesFrom(metafile: Metafile, entries: string[]): string[] {
  return reachableInputs(metafile, entries, (path) => !path.includes('node_modules/'));
}

/** Whether prerendered code may read bindings: a mention of `env` in a prerendered route or a site module it imports. */
export function prerenderReadsEnv(root: string, metafile: Metafile, entries: string[]): boolean {
  return siteModulesFrom(metafile, entries).some((file) => {
    try {
      return /\benv\b/.test(readFileSync(join(root, file), 'utf8'));
    } catch {
      return false;
    }
  });
}

/** The platform proxy for the site's wrangler config, when prerendering may use it; undefined otherwise. */
export async function prerenderBindings(root: string, readsEnv: () => boolean): Promise<BuildBindings | undefined> {
  const { config, file } = readSiteWranglerConfig(root);
  if (!file || !BINDING_KEYS.some((key) => config[key] !== undefined) || !readsEnv()) return undefined;
  const { getPlatformProxy } = await importPeer({ name: 'wrangler', purpose: 'bindings while prerendering (the Cloudflare adapters)' }, () => import('wrangler'));
  const previous = process.env.WRANGLER_SEND_METRICS;
  process.env.WRANGLER_SEND_METRICS ??= 'false';
  try {
    const proxy = await getPlatformProxy<Record<string, unknown>>({ configPath: join(root, file), persist: { path: join(root, '.wrangler/state/v3') } });
    return { env: proxy.env, dispose: () => proxy.dispose() };
  } finally {
    if (previous === undefined) delete process.env.WRANGLER_SEND_METRICS;
  }
}

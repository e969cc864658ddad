/** Miniflare options for a built site, read from its dist/server/wrangler.json (as wrangler dev would). */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { MiniflareOptions } from 'miniflare';

interface WranglerJson {
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  assets?: { directory: string; binding: string; html_handling: string; not_found_handling: string };
  kv_namespaces?: Array<{ binding: string }>;
  d1_databases?: Array<{ binding: string; database_id?: string; database_name?: string }>;
  r2_buckets?: Array<{ binding: string; bucket_name?: string }>;
  vars?: Record<string, unknown>;
  durable_objects?: { bindings?: Array<{ name: string; class_name: string; script_name?: string }> };
  migrations?: Array<{ new_sqlite_classes?: string[] }>;
  queues?: {
    producers?: Array<{ binding: string; queue: string; delivery_delay?: number }>;
    consumers?: Array<{ queue: string; max_batch_size?: number; max_batch_timeout?: number; max_retries?: number; dead_letter_queue?: string; retry_delay?: number }>;
  };
  workflows?: Array<{ binding: string; name: string; class_name: string; script_name?: string }>;
}

/** Durable Objects, queues and workflows, as wrangler dev gives them to Miniflare (the site's worker.ts classes). */
function workerFeatures(config: WranglerJson): Partial<MiniflareOptions> {
  const sqlite = new Set((config.migrations ?? []).flatMap((m) => m.new_sqlite_classes ?? []));
  const objects = config.durable_objects?.bindings ?? [];
  const consumers = config.queues?.consumers ?? [];
  return {
    durableObjects: Object.fromEntries(objects.map((o) => [o.name, { className: o.class_name, scriptName: o.script_name, useSQLite: sqlite.has(o.class_name) }])),
    queueProducers: Object.fromEntries((config.queues?.producers ?? []).map((p) => [p.binding, { queueName: p.queue, deliveryDelay: p.delivery_delay }])),
    queueConsumers: Object.fromEntries(
      consumers.map((c) => [c.queue, { maxBatchSize: c.max_batch_size, maxBatchTimeout: c.max_batch_timeout, maxRetries: c.max_retries, deadLetterQueue: c.dead_letter_queue, retryDelay: c.retry_delay }]),
    ),
    workflows: Object.fromEntries((config.workflows ?? []).map((w) => [w.binding, { name: w.name, className: w.class_name, scriptName: w.script_name }])),
  } as Partial<MiniflareOptions>;
}

/** Local secrets, as wrangler dev reads them: the site's `.dev.vars`, or else its `.env`. */
export function devVars(root: string): Record<string, string> {
  const file = ['.dev.vars', '.env'].map((name) => join(root, name)).find((path) => existsSync(path));
  return file ? (parseEnv(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

/** The worker, its assets binding, KV, D1, R2, Durable Object, queue and workflow bindings, vars and `.dev.vars`; `extra` overrides (host, port, stdio...). */
export function miniflareOptions(root: string, extra: Partial<MiniflareOptions> = {}, outDir = join(root, 'dist')): MiniflareOptions {
  const serverDir = join(outDir, 'server');
  const config = JSON.parse(readFileSync(join(serverDir, 'wrangler.json'), 'utf8')) as WranglerJson;
  return {
    modules: true,
    scriptPath: resolve(serverDir, config.main),
    // A site outside the working directory would otherwise need '..' in module names.
    modulesRoot: serverDir,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: { ...config.vars, ...devVars(root) },
    kvNamespaces: (config.kv_namespaces ?? []).map((kv) => kv.binding),
    d1Databases: Object.fromEntries((config.d1_databases ?? []).map((db) => [db.binding, db.database_id ?? db.database_name ?? db.binding])),
    r2Buckets: (config.r2_buckets ?? []).map((bucket) => bucket.binding),
    ...workerFeatures(config),
    assets: config.assets && {
      directory: resolve(serverDir, config.assets.directory),
      binding: config.assets.binding,
      assetConfig: {
        html_handling: config.assets.html_handling as 'none',
        not_found_handling: config.assets.not_found_handling as 'none',
      },
      routerConfig: { has_user_worker: true },
    },
    ...extra,
  } as MiniflareOptions;
}

/** A site's wrangler config, as far as local bindings go (the fields `wrangler dev` reads for them). */
interface DevWranglerConfig extends WranglerJson {
  name?: string;
  kv_namespaces?: Array<{ binding: string; id?: string; preview_id?: string }>;
  d1_databases?: Array<{ binding: string; database_id?: string; preview_database_id?: string }>;
  r2_buckets?: Array<{ binding: string; bucket_name?: string; preview_bucket_name?: string }>;
}

/** The classes the site's own Worker must export for its wrangler config: Durable Objects and workflows (without a script_name). */
export function ownWorkerClasses(config: Record<string, unknown>): { durableObjects: string[]; workflows: string[] } {
  const c = config as unknown as DevWranglerConfig;
  const own = (list: Array<{ class_name: string; script_name?: string }>): string[] => [...new Set(list.filter((b) => !b.script_name).map((b) => b.class_name))];
  return { durableObjects: own(c.durable_objects?.bindings ?? []), workflows: own(c.workflows ?? []) };
}

/**
 * One worker's Miniflare options from a generated wrangler config (dist/server/wrangler.json's
 * content), with the ids `wrangler dev` uses locally (preview ids first, else the id, else the
 * binding name), so data written under `wrangler dev` is found again.
 */
export function devWorkerOptions(root: string, serverDir: string, config: Record<string, unknown>): Record<string, unknown> {
  const c = config as unknown as DevWranglerConfig;
  // Another Worker's classes are not run here (wrangler reaches them through its dev registry).
  const features = workerFeatures({
    ...c,
    durable_objects: { bindings: (c.durable_objects?.bindings ?? []).filter((b) => !b.script_name) },
    workflows: (c.workflows ?? []).filter((w) => !w.script_name),
  });
  return {
    ...features,
    name: c.name,
    compatibilityDate: c.compatibility_date,
    compatibilityFlags: c.compatibility_flags ?? [],
    bindings: { ...c.vars, ...devVars(root) },
    kvNamespaces: Object.fromEntries((c.kv_namespaces ?? []).map((kv) => [kv.binding, kv.preview_id ?? kv.id ?? kv.binding])),
    d1Databases: Object.fromEntries((c.d1_databases ?? []).map((db) => [db.binding, db.preview_database_id ?? db.database_id ?? db.binding])),
    r2Buckets: Object.fromEntries((c.r2_buckets ?? []).map((r2) => [r2.binding, r2.preview_bucket_name ?? r2.bucket_name ?? r2.binding])),
    assets: c.assets && {
      directory: resolve(serverDir, c.assets.directory),
      binding: c.assets.binding,
      assetConfig: { html_handling: c.assets.html_handling, not_found_handling: c.assets.not_found_handling },
      routerConfig: { has_user_worker: true },
    },
  };
}

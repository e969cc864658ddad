/** Miniflare options for a built site, read from its dist/server/wrangler.json (as wrangler dev would). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MiniflareOptions } from 'miniflare';

interface WranglerJson {
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  assets?: { directory: string; binding: string; html_handling: string; not_found_handling: string };
  kv_namespaces?: Array<{ binding: string }>;
  vars?: Record<string, string>;
}

/** The worker, its assets binding, KV namespaces and vars; `extra` overrides (host, port, stdio...). */
export function miniflareOptions(root: string, extra: Partial<MiniflareOptions> = {}): MiniflareOptions {
  const serverDir = join(root, 'dist/server');
  const config = JSON.parse(readFileSync(join(serverDir, 'wrangler.json'), 'utf8')) as WranglerJson;
  return {
    modules: true,
    scriptPath: resolve(serverDir, config.main),
    // A site outside the working directory would otherwise need '..' in module names.
    modulesRoot: serverDir,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: config.vars ?? {},
    kvNamespaces: (config.kv_namespaces ?? []).map((kv) => kv.binding),
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

/** `edgepress preview` for Cloudflare: the built worker in workerd through Miniflare, from dist/server/wrangler.json. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import type { PreviewOptions, PreviewServer } from '../../src/build/adapter.ts';
import type { KvBulkEntry } from './kv-assets.ts';

interface WranglerJson {
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  assets?: { directory: string; binding: string; html_handling: string; not_found_handling: string };
  kv_namespaces?: Array<{ binding: string }>;
  vars?: Record<string, string>;
}

/** Starts the worker; KV namespace ASSETS_KV is seeded from kv-assets.json when the build wrote one. */
export async function previewWorkerd({ root, host, port }: PreviewOptions): Promise<PreviewServer> {
  const serverDir = join(root, 'dist/server');
  const config = JSON.parse(readFileSync(join(serverDir, 'wrangler.json'), 'utf8')) as WranglerJson;
  const mf = new Miniflare({
    modules: true,
    scriptPath: resolve(serverDir, config.main),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    host,
    port,
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
  });
  try {
    const url = (await mf.ready).toString().replace(/\/$/, '');
    let entries: KvBulkEntry[] = [];
    try {
      entries = JSON.parse(readFileSync(join(serverDir, 'kv-assets.json'), 'utf8')) as KvBulkEntry[];
    } catch {
      // Workers Static Assets build: nothing to seed.
    }
    if (entries.length > 0) {
      const kv = await mf.getKVNamespace('ASSETS_KV');
      for (const entry of entries) await kv.put(entry.key, entry.base64 ? Uint8Array.from(Buffer.from(entry.value, 'base64')).buffer : entry.value);
    }
    return { url, close: () => mf.dispose() };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}

/** `edgepress preview` for Cloudflare: the built worker in workerd through Miniflare, from dist/server/wrangler.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import type { PreviewOptions, PreviewServer } from '../../src/build/adapter.ts';
import type { KvBulkEntry } from './kv-assets.ts';
import { miniflareOptions } from './miniflare-options.ts';

/** Starts the worker; KV namespace ASSETS_KV is seeded from kv-assets.json when the build wrote one. */
export async function previewWorkerd({ root, host, port }: PreviewOptions): Promise<PreviewServer> {
  const serverDir = join(root, 'dist/server');
  const mf = new Miniflare(miniflareOptions(root, { host, port }));
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

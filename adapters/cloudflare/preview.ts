/** The built worker in workerd through Miniflare, from dist/server/wrangler.json: `edgepress preview` and `edgepress/testing`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import type { PreviewOptions, PreviewServer } from '../../src/build/adapter.ts';
import { serveThrough } from '../../src/cli/forward.ts';
import type { KvBulkEntry } from './kv-assets.ts';
import { miniflareOptions } from './miniflare-options.ts';

export { Miniflare };

/**
 * Starts the built site at `root` in workerd; KV namespace ASSETS_KV is seeded from
 * kv-assets.json when the build wrote one. Disposes Miniflare itself if start-up fails.
 */
export async function startMiniflare(root: string, extra: Partial<MiniflareOptions>, outDir = join(root, 'dist')): Promise<{ mf: Miniflare; url: string }> {
  const mf = new Miniflare(miniflareOptions(root, extra, outDir));
  try {
    const url = (await mf.ready).toString().replace(/\/$/, '');
    let entries: KvBulkEntry[] = [];
    try {
      entries = JSON.parse(readFileSync(join(outDir, 'server/kv-assets.json'), 'utf8')) as KvBulkEntry[];
    } catch {
      // Workers Static Assets build: nothing to seed.
    }
    if (entries.length > 0) {
      const kv = await mf.getKVNamespace('ASSETS_KV');
      for (const entry of entries) await kv.put(entry.key, entry.base64 ? Uint8Array.from(Buffer.from(entry.value, 'base64')).buffer : entry.value);
    }
    return { mf, url };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}

/**
 * `edgepress preview` for the cloudflare adapters: Miniflare on a port of its own, behind a
 * server that asks it for uncompressed answers, so a streamed page paints as it arrives (as it
 * does from a deployed Worker; Miniflare's gzip would hold it back).
 */
export async function previewWorkerd({ root, host, port }: PreviewOptions): Promise<PreviewServer> {
  const { mf, url: upstream } = await startMiniflare(root, { host: '127.0.0.1', port: 0 });
  try {
    const server = await serveThrough(upstream, host, port);
    return {
      url: server.url,
      close: async () => {
        await server.close();
        await mf.dispose();
      },
    };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}

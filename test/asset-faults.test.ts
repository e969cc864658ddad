/**
 * An asset store or KV namespace that errors or hangs, behind the shared asset server and the
 * handler (in this process: a fake store is the only way to make a platform's store fail on cue).
 * A failing store is a 500 without a stack, logged once; a hanging one is a 504 at
 * limits.renderTimeoutMs; the next request is answered either way.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKvStore, type KvNamespace } from '../adapters/cloudflare/kv-store.ts';
import type { Manifest } from '../src/manifest.ts';
import { createAssetServer, type AssetManifest, type AssetStore } from '../src/runtime/assets/asset-server.ts';
import { createHandler } from '../src/runtime/handler.ts';

const files: AssetManifest = { '/a.txt': { size: 5, type: 'text/plain; charset=utf-8', etag: '"abc123"' } };
const manifest: Manifest = { routes: [], base: '/', trailingSlash: 'ignore', output: 'static', middleware: false, limits: { bodyBytes: 1024, renderTimeoutMs: 50 } };

function siteOver(store: AssetStore) {
  const assets = createAssetServer(files, store);
  return createHandler({ manifest, modules: {} }, { assets: () => assets });
}

const failing = { open: () => Promise.reject(new Error('store down: EIO')) } satisfies AssetStore;
const hanging = { open: () => new Promise<never>(() => {}) } satisfies AssetStore;
const kv = (get: KvNamespace['get']): AssetStore => createKvStore({ get }, files);

describe('asset stores that fail', () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => errors.mockClear());
  const logged = (): string => errors.mock.calls.map((call) => call.map(String).join(' ')).join('\n');

  for (const [name, store] of [
    ['a file store that throws', failing],
    ['a KV namespace that rejects', kv(() => Promise.reject(new Error('store down: KV 503')))],
  ] as const) {
    it(`${name}: 500 without a stack, logged once`, async () => {
      const res = await siteOver(store).fetch(new Request('http://x/a.txt'));
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('Internal Server Error');
      expect(errors).toHaveBeenCalledTimes(1);
      expect(logged()).toMatch(/\[edgepress\] GET \/a\.txt \(handler\) failed: Error: store down/);
    });
  }

  for (const [name, store] of [
    ['a file store that hangs', hanging],
    ['a KV namespace that hangs', kv(() => new Promise<never>(() => {}))],
  ] as const) {
    it(`${name}: 504 at limits.renderTimeoutMs, logged once, and the next request still answers`, async () => {
      const site = siteOver(store);
      const res = await site.fetch(new Request('http://x/a.txt'));
      expect(res.status).toBe(504);
      expect(await res.text()).toBe('Gateway Timeout');
      expect(errors).toHaveBeenCalledTimes(1);
      expect(logged()).toMatch(/GET \/a\.txt \(handler\) failed: RenderTimeoutError: No response within limits\.renderTimeoutMs \(50 ms\)/);
      const miss = await site.fetch(new Request('http://x/missing'));
      expect(miss.status).toBe(404);
    });
  }

  it('a conditional request never opens the store', async () => {
    const res = await siteOver(failing).fetch(new Request('http://x/a.txt', { headers: { 'if-none-match': '"abc123"' } }));
    expect(res.status).toBe(304);
    expect(errors).not.toHaveBeenCalled();
  });
});

/**
 * The request policy at unit level, where a body or a render can be made to never end on cue:
 * an island POST whose chunked body never ends is cut at the limit, and a stale-while-revalidate
 * background render that never answers is ended by limits.renderTimeoutMs.
 * (Over HTTP, in workerd and node: test/security.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Manifest } from '../src/manifest.ts';
import { memoryCache } from '../src/runtime/cache/memory-store.ts';
import { cacheSupport } from '../src/runtime/cache/setup.ts';
import { RenderTimeoutError } from '../src/runtime/errors.ts';
import { createHandler } from '../src/runtime/handler.ts';
import { islandSupport } from '../src/runtime/islands/setup.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const manifest: Manifest = { routes: [], base: '/', trailingSlash: 'ignore', output: 'server', middleware: false };

/** A body that gives 16 KiB chunks for as long as anyone reads, counting what was read. */
function endlessBody(): { body: ReadableStream<Uint8Array>; pulled(): number } {
  let pulled = 0;
  const chunk = new Uint8Array(16 * 1024).fill(120);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

describe('island requests', () => {
  it('an endless chunked POST body is cut at the limit: 413, and reading stopped there', async () => {
    const islands = islandSupport({ card: async () => ({}) }, [KEY], '/');
    const handler = createHandler({ manifest, modules: {}, islands });
    const { body, pulled } = endlessBody();
    const request = new Request('http://x/_islands/card?u=%2F', { method: 'POST', body, headers: { origin: 'http://x' }, duplex: 'half' } as RequestInit);
    const res = await handler.fetch(request);
    expect(res.status).toBe(413);
    // The islands' own limit is 64 KiB; a few chunks of read-ahead at most.
    expect(pulled()).toBeLessThan(256 * 1024);
  });
});

describe('stale-while-revalidate', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('a background render runs under limits.renderTimeoutMs: one that never answers is ended, not left running', async () => {
    let renders = 0;
    const route = { pattern: '/x', regex: '^/x$', params: [], rest: [], staticPath: '/x', kind: 'endpoint' as const, prerender: false, file: 'x', isFile: false, cache: { maxAge: 1, swr: 60, tags: [] } };
    const app = {
      manifest: { ...manifest, routes: [route], limits: { bodyBytes: 1024, renderTimeoutMs: 50 } },
      // The first render answers; every later one hangs for ever.
      modules: { x: async () => ({ GET: () => (renders++ === 0 ? new Response('first') : new Promise<never>(() => {})) }) },
      routeCache: cacheSupport(() => memoryCache()),
    };
    const handler = createHandler(app);
    const background: Array<Promise<unknown>> = [];
    const platform = { waitUntil: (p: Promise<unknown>) => void background.push(p) };
    const first = await handler.fetch(new Request('http://x/x'), {}, platform);
    expect(await first.text()).toBe('first');
    await Promise.all(background.splice(0));
    // Two seconds later (only the clock moves): the entry is stale.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2_000);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const stale = await handler.fetch(new Request('http://x/x'), {}, platform);
    expect(stale.headers.get('cache-status')).toMatch(/detail=stale/);
    expect(await stale.text()).toBe('first');
    expect(background).toHaveLength(1);
    await expect(background[0]).rejects.toBeInstanceOf(RenderTimeoutError);
  });
});

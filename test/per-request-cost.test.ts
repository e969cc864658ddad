/**
 * No per-request work for a feature that cannot act on the request (issue 28): the render
 * deadline starts no timer for an answer ready at once, and one (gone with the answer) for an
 * answer that waits; the route cache's store is not asked about a route with no rule that never
 * called ctx.cache. Behaviour, not timing: timers are counted with fake timers, store calls with
 * a counting store.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Manifest, RouteEntry, RouteModule } from '../src/manifest.ts';
import { createMemoryStore } from '../src/runtime/cache/memory-store.ts';
import { cacheSupport } from '../src/runtime/cache/setup.ts';
import type { CacheProvider, CacheStore } from '../src/runtime/cache/types.ts';
import type { PageContext } from '../src/runtime/context.ts';
import { createHandler } from '../src/runtime/handler.ts';

const manifest: Manifest = { routes: [], base: '/', trailingSlash: 'ignore', output: 'server', middleware: false, limits: { bodyBytes: 1024, renderTimeoutMs: 1000 } };

function endpoint(pattern: string, extra: Partial<RouteEntry> = {}): RouteEntry {
  return { pattern, regex: `^${pattern}$`, params: [], rest: [], staticPath: pattern, kind: 'endpoint', prerender: false, file: pattern, isFile: false, ...extra };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the render deadline', () => {
  it('sets no timer for an answer that is ready at once, one for an answer that waits, and leaves none', async () => {
    vi.useFakeTimers();
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const modules = {
      '/now': async () => ({ GET: () => new Response('now') }) as RouteModule,
      '/later': async () => ({ GET: async () => (await gate, new Response('later')) }) as RouteModule,
    };
    const handler = createHandler({ manifest: { ...manifest, routes: [endpoint('/now'), endpoint('/later')] }, modules });
    for (let i = 0; i < 3; i++) {
      const res = await handler.fetch(new Request('http://x/now'));
      expect(await res.text()).toBe('now');
      expect(vi.getTimerCount()).toBe(0);
    }
    expect(setTimer).not.toHaveBeenCalled();
    const waiting = handler.fetch(new Request('http://x/later'));
    await vi.advanceTimersByTimeAsync(0);
    // The answer waits on something outside: the deadline's timer runs.
    expect(vi.getTimerCount()).toBe(1);
    open();
    expect(await (await waiting).text()).toBe('later');
    expect(vi.getTimerCount()).toBe(0);
    expect(setTimer).toHaveBeenCalledTimes(1);
  });

  it('still answers 504 when the route never does, at limits.renderTimeoutMs', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = { manifest: { ...manifest, routes: [endpoint('/hangs')] }, modules: { '/hangs': async () => ({ GET: () => new Promise<never>(() => {}) }) as RouteModule } };
    const answer = createHandler(app).fetch(new Request('http://x/hangs'));
    await vi.advanceTimersByTimeAsync(999);
    let status: number | undefined;
    void answer.then((res) => (status = res.status));
    await vi.advanceTimersByTimeAsync(0);
    expect(status).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect((await answer).status).toBe(504);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the route cache', () => {
  /** A memory store that counts what it is asked. */
  function countingCache(): { provider: CacheProvider; calls: Record<'get' | 'put', number> } {
    const store = createMemoryStore();
    const calls = { get: 0, put: 0 };
    const counting: CacheStore = {
      ...store,
      get: (key) => (calls.get++, store.get(key)),
      put: (key, meta, body) => (calls.put++, store.put(key, meta, body)),
    };
    return { provider: { kind: 'store', store: () => counting }, calls };
  }

  it('does not ask the store about a route with no rule that never called ctx.cache', async () => {
    const { provider, calls } = countingCache();
    const app = { manifest: { ...manifest, routes: [endpoint('/plain')] }, modules: { '/plain': async () => ({ GET: () => new Response('plain') }) as RouteModule }, routeCache: cacheSupport(() => provider) };
    const handler = createHandler(app);
    for (let i = 0; i < 3; i++) expect(await (await handler.fetch(new Request('http://x/plain'))).text()).toBe('plain');
    expect(calls).toEqual({ get: 0, put: 0 });
  });

  it('looks up a route once its ctx.cache.set() stored an answer, though the build did not see the call', async () => {
    const { provider, calls } = countingCache();
    let renders = 0;
    // mayCache unset: the call is made in a way the build's scan cannot see.
    const GET = (ctx: PageContext) => {
      ctx.cache.set({ maxAge: 60 });
      return new Response(`render ${++renders}`);
    };
    const app = { manifest: { ...manifest, routes: [endpoint('/decides')] }, modules: { '/decides': async () => ({ GET }) as unknown as RouteModule }, routeCache: cacheSupport(() => provider) };
    const background: Array<Promise<unknown>> = [];
    const platform = { waitUntil: (p: Promise<unknown>) => void background.push(p) };
    const handler = createHandler(app);
    const first = await handler.fetch(new Request('http://x/decides'), {}, platform);
    expect(await first.text()).toBe('render 1');
    await Promise.all(background.splice(0));
    expect(calls).toEqual({ get: 0, put: 1 });
    const second = await handler.fetch(new Request('http://x/decides'), {}, platform);
    expect(await second.text()).toBe('render 1');
    expect(second.headers.get('cache-status')).toMatch(/hit/);
    expect(calls.get).toBe(1);
  });
});

/**
 * Config redirects, rewrites and the route cache, over HTTP against one fixture site
 * (test/fixtures/routing-cache) built for Cloudflare and run in workerd, and built for Node and
 * run by `node dist/server/index.js`.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timedGet } from './helpers/raw-http.ts';
import { untilCacheStatus } from './helpers/cache-status.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';
import { buildAndStart } from './helpers/runtimes.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const RUNTIMES = ['workerd', 'node'] as const;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A GET sent byte for byte (fetch() would normalise '//' and '\\'): its status and Location. */
function rawGet(origin: string, path: string): Promise<{ status: number; location: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? '') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(RUNTIMES)('routing and caching in %s', (runtime) => {
  let root: string;
  let origin: string;
  let waitForLog: (pattern: RegExp) => Promise<string>;
  let close: (() => Promise<void>) | undefined;
  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(origin + path, { redirect: 'manual', ...init });

  /** GETs `path` until its cache-status matches; fails after 40 tries. */
  const until = (path: string, status: RegExp, init?: RequestInit): Promise<{ res: Response; body: string }> => untilCacheStatus(() => get(path, init), status, path);

  beforeAll(async () => {
    root = makeSite('routing-cache');
    const site = await buildAndStart(root, runtime);
    origin = site.origin;
    waitForLog = site.waitForLog;
    close = site.close;
  });
  afterAll(async () => {
    await close?.();
    if (root) removeSite(root);
  });

  it('a config redirect answers 301 with the right Location, and 308 for a POST', async () => {
    const cases: Array<[string, string, number, string]> = [
      ['GET', '/old', 301, '/new'],
      ['HEAD', '/old', 301, '/new'],
      ['POST', '/old', 308, '/new'],
      ['DELETE', '/old', 308, '/new'],
      ['GET', '/old?ref=mail', 301, '/new?ref=mail'],
      ['GET', '/blog/2024/hello', 301, '/articles/2024/hello'],
      ['GET', '/blog', 301, '/articles'],
      ['POST', '/blog/a', 308, '/articles/a'],
      ['GET', '/blog/caf%C3%A9%20au%20lait', 301, '/articles/caf%C3%A9%20au%20lait'],
      ['GET', '/x', 302, 'https://example.org/y'],
      ['GET', '/go', 307, '/new'],
      ['POST', '/go', 307, '/new'],
      ['GET', '/moved/42', 301, '/products/42'],
    ];
    for (const [method, path, status, location] of cases) {
      const res = await get(path, { method });
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.headers.get('location'), `${method} ${path}`).toBe(location);
      await res.arrayBuffer();
    }
    const landed = await get('/blog/a/b', { redirect: 'follow' });
    expect(await landed.text()).toContain('<h1>Article a/b</h1>');
  });

  it('never redirects off the origin through a param, whatever the encoding', async () => {
    const attempts = ['/blog//evil.com', '/blog/%2F%2Fevil.com', '/blog/%2Fevil.com', '/blog/%5Cevil.com', '/blog/%2F%5Cevil.com', '/blog/\\evil.com', '/blog/%5C%5Cevil.com', '/moved/%2F%2Fevil.com', '/old/', '//old', '/\\old'];
    // Destinations that start with the placeholder ('/[...p]', '/[x]').
    attempts.push('/out//evil.com', '/out/%2F%2Fevil.com', '/out/%5Cevil.com', '/out/\\evil.com', '/out/%2F%5Cevil.com', '/to/%5Cevil.com', '/to/\\evil.com', '/to/%2F%2Fevil.com');
    const site = new URL(origin);
    for (const path of attempts) {
      const { status, location } = await rawGet(origin, path);
      expect([301, 302, 400, 404], `${path} -> ${status}`).toContain(status);
      expect(location, path).not.toMatch(/^[/\\]{2}|^\/\\|^[a-z]+:/i);
      expect(new URL(location || '/', site).host, `${path} -> ${location}`).toBe(site.host);
    }
    // The param's slashes and backslashes stay inside one path on this site.
    expect(await rawGet(origin, '/blog/%2F%2Fevil.com')).toEqual({ status: 301, location: '/articles/evil.com' });
    expect(await rawGet(origin, '/blog/%5Cevil.com')).toEqual({ status: 301, location: '/articles/%5Cevil.com' });
    expect(await rawGet(origin, '/out/%2F%2Fevil.com')).toEqual({ status: 302, location: '/evil.com' });
    expect(await rawGet(origin, '/to/%5Cevil.com')).toEqual({ status: 302, location: '/%5Cevil.com' });
  });

  it('a rewrite serves the target content at the original URL, middleware run again', async () => {
    const res = await get('/rewrite/source');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<h1>New page</h1>');
    expect(body).toContain('<p id="url">/new</p>');
    // ctx.rewrite runs middleware for the target too, with the same locals.
    expect(body).toContain('<p id="trail">/rewrite/source,/new</p>');
    const fromEndpoint = await get('/rewrite/api');
    expect(await fromEndpoint.text()).toContain('<h1>Article from-endpoint</h1>');
  });

  it('next(path) in middleware rewrites without running middleware again', async () => {
    const res = await get('/mw-rewrite');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<h1>New page</h1>');
    expect(body).toContain('<p id="trail">/mw-rewrite</p>');
  });

  it('a rewrite to an unknown path answers the 404 page; a loop or another origin is an error', async () => {
    const missing = await get('/rewrite/missing');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Routing fixture 404');
    const loop = await get('/rewrite/loop-a', { headers: { accept: 'text/html' } });
    expect(loop.status).toBe(500);
    expect(await loop.text()).not.toContain('RewriteError');
    const elsewhere = await get('/rewrite/elsewhere');
    expect(elsewhere.status).toBe(500);
    await elsewhere.arrayBuffer();
    await waitForLog(/rewrite loop: \/rewrite\/loop-a -> \/rewrite\/loop-b -> \/rewrite\/loop-a/);
    await waitForLog(/a rewrite stays on this origin/);
  });

  it('serves a cached page from the cache (same body, growing age), stale after maxAge while it refreshes', async () => {
    const first = await get('/products/1');
    const body = await first.text();
    expect(first.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
    expect(first.headers.get('age')).toBeNull();
    expect(body).toContain('<p>render 1</p>');

    const hit = await until('/products/1', /; hit/);
    expect(hit.res.headers.get('cache-status')).toMatch(/^edgepress; hit; ttl=[01]$/);
    expect(hit.body).toBe(body);
    const firstAge = Number(hit.res.headers.get('age'));
    expect(firstAge).toBeLessThanOrEqual(1);

    // maxAge is 1 s: after it, the stored page is still served (stale) and rendered again behind it.
    await sleep(2100);
    const stale = await get('/products/1');
    expect(stale.headers.get('cache-status')).toMatch(/^edgepress; hit; ttl=-\d+; detail=stale$/);
    expect(Number(stale.headers.get('age'))).toBeGreaterThanOrEqual(2);
    expect(Number(stale.headers.get('age'))).toBeGreaterThan(firstAge);
    expect(await stale.text()).toBe(body);

    const refreshed = await until('/products/1', /; hit; ttl=[01]$/);
    expect(refreshed.body).toContain('<p>render 2</p>');
  });

  /** Which render (`<p>render N</p>`) a page of the cached product holds. */
  const renderOf = (body: string): number => Number(/<p>render (\d+)<\/p>/.exec(body)?.[1]);
  /** Requests `path` until a cache hit: the hit's render and the renders of the misses before it
   * (a miss while the last store is still being written renders again; any of them may be stored). */
  const hitAfterMisses = async (path: string): Promise<{ hit: number; misses: number[] }> => {
    const misses: number[] = [];
    for (let tries = 0; tries < 50; tries++) {
      const res = await get(path);
      const render = renderOf(await res.text());
      if ((res.headers.get('cache-status') ?? '').includes('; hit')) return { hit: render, misses };
      misses.push(render);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${path}: no cache hit in 50 requests`);
  };

  it('is fresh after invalidate by tag, and by path', async () => {
    const first = renderOf(await (await get('/products/2')).text());
    expect(first).toBe(1);
    const before = await hitAfterMisses('/products/2');
    // A hit is a render that was served as a miss, never a new one.
    expect([first, ...before.misses]).toContain(before.hit);

    const purge = await get('/api/invalidate?tag=products', { method: 'POST', headers: { origin } });
    expect(purge.status).toBe(200);
    expect(await purge.json()).toEqual({ invalidated: 'products' });
    const fresh = await get('/products/2');
    expect(fresh.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
    const renderedBefore = Math.max(first, ...before.misses);
    const freshRender = renderOf(await fresh.text());
    expect(freshRender).toBe(renderedBefore + 1);
    const after = await hitAfterMisses('/products/2');
    // After the purge only renders made after it may be served.
    expect([freshRender, ...after.misses]).toContain(after.hit);
    expect(after.hit).toBeGreaterThan(renderedBefore);

    await (await get('/api/invalidate?path=/products/2', { method: 'POST', headers: { origin } })).arrayBuffer();
    const again = await get('/products/2');
    expect(renderOf(await again.text())).toBe(Math.max(freshRender, ...after.misses) + 1);
  });

  it('never serves a response with Set-Cookie from the cache', async () => {
    for (const n of [1, 2, 3]) {
      const res = await get('/cached/cookie');
      expect(res.headers.getSetCookie()).toEqual(['seen=yes; Path=/']);
      expect(res.headers.get('cache-status')).toBe('edgepress; fwd=miss; detail=set-cookie');
      expect(res.headers.get('age')).toBeNull();
      expect(await res.text()).toContain(`cookie render ${n}`);
      await sleep(50);
    }
  });

  it('streams a cached page to the first visitor and stores it whole', async () => {
    const first = await timedGet(origin, '/cached/stream');
    expect(first.status).toBe(200);
    expect(first.chunks.length).toBeGreaterThan(1);
    expect(first.chunks[0]!.text).not.toContain('slow-a');
    expect(first.body).toContain('stream render 1');
    const hit = await until('/cached/stream', /; hit/);
    expect(hit.body).toBe(first.body);
    expect(hit.body).toContain('<li>slow-a</li><li>slow-b</li></ul><p>stream-end</p></body></html>');
  });

  it('honours Vary: one entry per value of the header', async () => {
    // Each render numbers itself: a hit must be the stored render of its own variant, not a fresh one.
    const a = await get('/cached/vary', { headers: { 'x-variant': 'a' } });
    expect(a.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
    const aBody = await a.text();
    expect(aBody).toMatch(/variant a render \d+/);
    const aHit = await until('/cached/vary', /; hit/, { headers: { 'x-variant': 'a' } });
    expect(aHit.body).toBe(aBody);
    const b = await get('/cached/vary', { headers: { 'x-variant': 'b' } });
    expect(b.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
    const bBody = await b.text();
    expect(bBody).toMatch(/variant b render \d+/);
    expect(bBody.match(/render (\d+)/)![1]).not.toBe(aBody.match(/render (\d+)/)![1]);
    const bHit = await until('/cached/vary', /; hit/, { headers: { 'x-variant': 'b' } });
    expect(bHit.body).toBe(bBody);
    const aAgain = await get('/cached/vary', { headers: { 'x-variant': 'a' } });
    expect(aAgain.headers.get('cache-status')).toMatch(/; hit/);
    expect(await aAgain.text()).toBe(aBody);
  });

  it('never caches a POST', async () => {
    const res = await get('/products/3', { method: 'POST', headers: { origin } });
    expect(res.headers.get('cache-status')).toBe('edgepress; fwd=method; detail=method');
    await res.arrayBuffer();
    const after = await get('/products/3');
    expect(after.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
    await after.arrayBuffer();
  });
});

describe('the Workers Cache API and KV behind the isolate', () => {
  let root: string;
  beforeAll(async () => {
    root = makeSite('routing-cache');
    await build(root);
  });
  afterAll(() => removeSite(root));

  let port = 0;
  /**
   * workerd with the cache and KV kept on disk, so a second start is a new isolate over the same
   * data; on the same port, since the cache key is the URL (the origin included).
   */
  async function start(): Promise<{ url: string; dispose(): Promise<void> }> {
    const { startMiniflare } = await import('../adapters/cloudflare/preview.ts');
    const persist = { cachePersist: join(root, '.state/cache'), kvPersist: join(root, '.state/kv') };
    const { mf, url } = await startMiniflare(root, { ...persist, host: '127.0.0.1', port });
    port = Number(new URL(url).port);
    return { url, dispose: () => mf.dispose() };
  }

  it('a new isolate answers from the Cache API, and sees an invalidation made in KV', async () => {
    const first = await start();
    let body: string;
    try {
      const res = await fetch(first.url + '/cached/stream');
      body = await res.text();
      expect(res.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
      expect(body).toContain('stream render 1');
      // Stored once the hit is served (the put runs in waitUntil).
      await untilCacheStatus(() => fetch(first.url + '/cached/stream'), /^edgepress; hit/, '/cached/stream');
    } finally {
      await first.dispose();
    }

    const second = await start();
    try {
      // Nothing in this isolate's memory: the answer comes from the Cache API.
      const hit = await fetch(second.url + '/cached/stream');
      expect(hit.headers.get('cache-status')).toMatch(/^edgepress; hit; ttl=\d+$/);
      expect(await hit.text()).toBe(body);
      const purge = await fetch(second.url + '/api/invalidate?tag=stream', { method: 'POST', headers: { origin: second.url } });
      expect(purge.status).toBe(200);
      await purge.arrayBuffer();
    } finally {
      await second.dispose();
    }

    // A third isolate reads the tag's time from KV: the stored page is no longer valid.
    const third = await start();
    try {
      const fresh = await fetch(third.url + '/cached/stream');
      expect(fresh.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
      expect(await fresh.text()).toContain('stream render 1');
    } finally {
      await third.dispose();
    }
  });
});

describe('platform redirect files', () => {
  let root: string;
  beforeAll(() => {
    root = makeSite('routing-cache');
  });
  afterAll(() => removeSite(root));

  // '/out/[...p]' -> '/[...p]' and '/to/[x]' -> '/[x]' are not here: their destinations start with a placeholder.
  const expected = ['/go /new 307', '/moved/:id /products/:id 301', '/x https://example.org/y 302'];

  /** Where a platform sends each hostile request a rule can match: placeholders filled as platforms do, with the text as it came. */
  const SEGMENTS = ['evil.com', '\\evil.com', '%5Cevil.com', '..'];
  const RESTS = ['evil.com', '/evil.com', '\\evil.com', '/\\evil.com', '%2F%2Fevil.com', '//evil.com'];
  function landings(to: string, fill: (name: string) => string[]): string[] {
    const names = [...to.matchAll(/:([A-Za-z]\w*)|\$(\d+)/g)].map((m) => m[0]);
    let out = [to];
    for (const name of names) out = out.flatMap((text) => fill(name).map((value) => text.replace(name, value)));
    return out;
  }
  /** Every landing of every rule is on this site or on the absolute destination the config wrote. */
  function expectOnSite(rules: Array<{ to: string; fill: (name: string) => string[] }>): void {
    expect(rules.length).toBeGreaterThan(0);
    for (const { to, fill } of rules) {
      for (const landing of landings(to, fill)) expect(['site.test', 'example.org'], `${to} -> ${landing}`).toContain(new URL(landing, 'https://site.test/').host);
    }
  }
  const fromRedirectsFile = (text: string) =>
    text.split('\n').filter((l) => l && !l.startsWith('#')).map((line) => ({ to: line.split(' ')[1]!, fill: (name: string) => (name === ':splat' ? RESTS : SEGMENTS) }));

  it('no rule in any platform file can send a visitor off the site, whatever its placeholders hold', async () => {
    await build(root, { adapter: 'cloudflare' });
    expectOnSite(fromRedirectsFile(readFileSync(join(root, 'dist/client/_redirects'), 'utf8')));
    await build(root, { adapter: 'netlify' });
    expectOnSite(fromRedirectsFile(readFileSync(join(root, 'dist/netlify/publish/_redirects'), 'utf8')));
    await build(root, { adapter: 'vercel' });
    const config = JSON.parse(readFileSync(join(root, '.vercel/output/config.json'), 'utf8')) as { routes: Array<{ src?: string; headers?: { Location?: string } }> };
    expectOnSite(
      config.routes
        .filter((r) => r.headers?.Location !== undefined)
        .map((r) => {
          // Each group of the source is a segment ([^/]+) or a rest (.*): fill $n with what it can hold.
          const groups = [...r.src!.matchAll(/\((\.\*|\[\^\/\]\+)\)/g)].map((m) => m[1]);
          return { to: r.headers!.Location!, fill: (name: string) => (groups[Number(name.slice(1)) - 1] === '.*' ? RESTS : SEGMENTS) };
        }),
    );
  });

  it('cloudflare: dist/client/_redirects holds the rules Workers Static Assets can answer alike', async () => {
    await build(root, { adapter: 'cloudflare' });
    const lines = readFileSync(join(root, 'dist/client/_redirects'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    // '/old' and '/blog/[...slug]' have no status: 301 for GET but 308 for POST, which one platform rule cannot say.
    expect(lines).toEqual(expected);
  });

  it('netlify: _redirects in the publish folder, and the edge function not declared for those paths', async () => {
    await build(root, { adapter: 'netlify' });
    const lines = readFileSync(join(root, 'dist/netlify/publish/_redirects'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual(expected);
    const manifest = JSON.parse(readFileSync(join(root, '.netlify/edge-functions/manifest.json'), 'utf8')) as { functions: Array<{ excludedPath: string[] }> };
    expect(manifest.functions[0]!.excludedPath).toEqual(expect.arrayContaining(['/go', '/moved/:id', '/x']));
  });

  it('vercel: redirect routes after the filesystem, before the function', async () => {
    await build(root, { adapter: 'vercel' });
    const config = JSON.parse(readFileSync(join(root, '.vercel/output/config.json'), 'utf8')) as { routes: unknown[] };
    expect(config.routes).toEqual([
      { handle: 'filesystem' },
      { src: '^/go$', status: 307, headers: { Location: '/new' } },
      { src: '^/moved/([^/]+)$', status: 301, headers: { Location: '/products/$1' } },
      { src: '^/x$', status: 302, headers: { Location: 'https://example.org/y' } },
      { src: '/(.*)', dest: '/_render' },
    ]);
  });
});

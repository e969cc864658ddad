/** The demo site in routes/ and public/, built from the repo root as the README runs it. */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSite, REPO } from './helpers/site.ts';
import { workerdSite } from './helpers/workerd-site.ts';
import { timedGet } from './helpers/raw-http.ts';
import { launchBrowser } from './helpers/browser.ts';

// A scratch copy of the demo, so the test never touches the repo's own dist/.
const built = workerdSite(() => {
  const root = makeSite(null, {
    'edgepress.config.ts': readFileSync(join(REPO, 'edgepress.config.ts'), 'utf8'),
    'wrangler.toml': readFileSync(join(REPO, 'wrangler.toml'), 'utf8'),
  });
  for (const dir of ['routes', 'islands', 'public', 'seed']) cpSync(join(REPO, dir), join(root, dir), { recursive: true });
  return root;
});

describe('the demo site', () => {
  it('serves the prerendered home and about pages', async () => {
    expect(await (await built.site.fetch('/')).text()).toContain('<h1>edgepress</h1>');
    expect(await (await built.site.fetch('/about')).text()).toContain('<h1>About</h1>');
  });

  it('answers a new random number per request', async () => {
    const a = (await (await built.site.fetch('/api/random')).json()) as { number: number };
    const b = (await (await built.site.fetch('/api/random')).json()) as { number: number };
    expect(typeof a.number).toBe('number');
    expect(a.number).not.toBe(b.number);
  });

  it('counts page views in a cookie', async () => {
    const first = await built.site.fetch('/counter');
    const cookie = first.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^views=1; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await first.text()).toContain('<strong id="views">1</strong> time.');
    const second = await built.site.fetch('/counter', { headers: { cookie: 'views=1' } });
    expect(await second.text()).toContain('<strong id="views">2</strong> times.');
    expect(second.headers.getSetCookie()[0]).toMatch(/^views=2;/);
    for (const tampered of ['views=NaN', 'views=1e309', 'views=-4', 'views=%ZZ']) {
      const res = await built.site.fetch('/counter', { headers: { cookie: tampered } });
      expect(res.status, tampered).toBe(200);
      expect(res.headers.getSetCookie()[0], tampered).toMatch(/^views=1;/);
    }
  });

  it('shows a product from KV, redirects a moved one, and 404s a missing one with a status text', async () => {
    const found = await built.site.fetch('/products/4');
    expect(found.status).toBe(200);
    expect(await found.text()).toContain('<h1>Stream Socks &lt;limited&gt;</h1>');
    const moved = await built.site.fetch('/products/3');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('/products/2');
    const missing = await built.site.fetch('/products/999');
    expect(missing.status).toBe(404);
    expect(missing.statusText).toBe('Product not found');
    expect(await missing.text()).toContain('Page not found');
    for (const id of ['x'.repeat(2000), '%00', 'a%2Fb', 'a.b']) {
      expect((await built.site.fetch(`/products/${id}`)).status, id.slice(0, 20)).toBe(404);
    }
  });

  it('prerenders the blog with getStaticPaths and the feed', async () => {
    expect(await (await built.site.fetch('/blog/streaming')).text()).toContain('<h1>Streaming HTML in order</h1>');
    const feed = await built.site.fetch('/feed.xml');
    expect(feed.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await feed.text()).toContain('<link>https://edgepress.example/blog/cookies</link>');
  });

  it('streams the streaming page in order, the head first', async () => {
    const res = await timedGet(built.site.url, '/stream');
    expect(res.chunks[0]!.text).toContain('<h1>Streaming</h1>');
    // The head left before the slowest (300 ms) section was ready: the end came well after it.
    expect(res.total - res.chunks[0]!.at).toBeGreaterThanOrEqual(150);
    const order = ['Slowest, first', 'Fast, second', 'Medium, third'].map((label) => res.body.indexOf(label));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
  });

  it('runs the middleware on on-demand routes', async () => {
    const res = await built.site.fetch('/api/echo?x=1');
    expect(res.headers.get('x-powered-by')).toBe('edgepress');
    expect(res.headers.get('server-timing')).toMatch(/^render;dur=\d+$/);
    const body = (await res.json()) as { query: unknown; locals: { requestId: string } };
    expect(body.query).toEqual({ x: '1' });
    expect(body.locals.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await built.site.fetch('/api/echo', { method: 'POST', body: '{oops', headers: { origin: built.site.url } });
    expect(bad.status).toBe(400);
  });

  it('links the layout\'s imported stylesheet, hashed and cached for good, on static and on-demand pages', async () => {
    for (const path of ['/', '/counter']) {
      const html = await (await built.site.fetch(path)).text();
      const href = /<link rel="stylesheet" href="(\/_assets\/Layout\.[A-Z0-9]{8}\.css)"/.exec(html)?.[1];
      expect(href, path).toBeDefined();
      const css = await built.site.fetch(href!);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
      expect(css.headers.get('cache-control')).toContain('immutable');
      expect(await css.text()).toContain('.clicker button');
    }
  });

  it('hydrates the clicker island on the prerendered home and the on-demand counter page', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
      for (const [path, start] of [['/', 0], ['/counter', 1]] as const) {
        await page.goto(built.site.url + path);
        // The server's HTML already shows the first state.
        expect(await page.locator('.clicker .count').textContent(), path).toBe(String(start));
        await page.waitForSelector('edgepress-island[data-h]');
        await page.locator('.clicker button').click();
        await page.locator('.clicker button').click();
        await expect.poll(() => page.locator('.clicker .count').textContent()).toBe(String(start + 2));
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('answers a missing path with the 404 page', async () => {
    const res = await built.site.fetch('/missing/page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });
});

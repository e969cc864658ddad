/**
 * Server islands in workerd: a prerendered page holds the fallback and the island's URL; the URL
 * renders per visitor (cookies, the page's URL, middleware's locals, the headers and cookies the
 * island sets); the same props give the same URL; tampered, foreign or oversized props are refused
 * with a 4xx; and a build with `EDGEPRESS_KEY=new,old` still opens the URLs of the build before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorker, type TestWorker } from '../src/testing/index.ts';
import { build, makeSite, removeSite, withEnv } from './helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

// Fixed keys (32 bytes of base64), so every run seals the same props the same way.
const OLD_KEY = Buffer.alloc(32, 1).toString('base64');
const NEW_KEY = Buffer.alloc(32, 2).toString('base64');
const RUNTIME_KEY = Buffer.alloc(32, 3).toString('base64');

interface Built {
  root: string;
  worker: TestWorker;
  warnings: string[];
}

const sites: Built[] = [];

/** Builds a copy of the islands fixture with `EDGEPRESS_KEY=key` and runs it in workerd. */
async function site(key: string | undefined, bindings?: Record<string, unknown>): Promise<Built> {
  const root = makeSite('islands');
  const result = await withEnv({ EDGEPRESS_KEY: key }, () => build(root));
  const worker = await createTestWorker({ root, build: false, bindings });
  const built = { root, worker, warnings: result.warnings };
  sites.push(built);
  return built;
}

afterAll(async () => {
  for (const { worker, root } of sites) {
    await worker.dispose();
    removeSite(root);
  }
});

/** The islands a page holds: the marker's path, props token, whether it POSTs, and the fallback after it. */
function islands(html: string): Array<{ path: string; p: string; post: boolean; fallback: string }> {
  return [...html.matchAll(/<template data-island="([^"]+)" data-p="([^"]+)"( data-post)?><\/template>(.*?)<script/g)].map((m) => ({
    path: m[1]!,
    p: m[2]!,
    post: m[3] !== undefined,
    fallback: m[4]!,
  }));
}

const islandUrl = (island: { path: string; p: string }, page = '/'): string => `${island.path}?u=${encodeURIComponent(page)}&p=${island.p}`;

let first: Built;
let home: string;
let homePolicy: string | null;
beforeAll(async () => {
  first = await site(OLD_KEY);
  const page = await first.worker.fetch('/');
  homePolicy = page.headers.get('content-security-policy');
  home = await page.text();
}, 120_000);

describe('a prerendered page with islands', () => {
  it('holds each fallback, the island URL and the loader, and none of the per-visitor content', () => {
    const found = islands(home);
    expect(found.map((i) => i.fallback)).toEqual(['<p id="card-fallback">Loading your card…</p>', '<p id="big-fallback">400 items coming</p>']);
    expect(found[0]!.path).toMatch(/^\/_islands\/deferredcard-[0-9a-f]{8}$/);
    expect(found[1]!.path).toMatch(/^\/_islands\/big-list-[0-9a-f]{8}$/);
    // Small props ride in the URL; 400 items are too many for one, so that island POSTs them.
    expect(found.map((i) => i.post)).toEqual([false, true]);
    expect(home).not.toContain('id="card"');
    expect(home).toContain('static footer');
    // The loader's hash is in the page's policy header, once.
    expect(homePolicy?.match(/'sha256-[^']+'/g)).toHaveLength(1);
    expect(home).not.toContain('http-equiv');
  });

  it('warns nothing about the key when EDGEPRESS_KEY is set', () => {
    expect(first.warnings.filter((w) => w.includes('EDGEPRESS_KEY'))).toEqual([]);
  });

  it('keeps its prerendered 404 page for unknown paths', async () => {
    const res = await first.worker.fetch('/no-such-page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Not here (prerendered 404)');
  });
});

describe('the island URL', () => {
  it('renders per visitor: the cookie sent changes the HTML', async () => {
    const card = islands(home)[0]!;
    const as = async (cookie?: string): Promise<string> => {
      const res = await first.worker.fetch(islandUrl(card), { headers: cookie ? { cookie } : {} });
      expect(res.status).toBe(200);
      return res.text();
    };
    expect(await as('visitor=ana')).toContain('<b id="visitor">ana</b>');
    expect(await as('visitor=bob')).toContain('<b id="visitor">bob</b>');
    expect(await as()).toContain('<b id="visitor">stranger</b>');
  });

  it("sees the page's URL as ctx.url, middleware's locals, and the props as sealed (a Date stays a Date)", async () => {
    const res = await first.worker.fetch(islandUrl(islands(home)[0]!, '/shop?ref=mail'));
    const html = await res.text();
    expect(html).toBe('<section id="card">Hello, <b id="visitor">stranger</b> on <i id="page">/shop?ref=mail</i> (member since 2020, middleware)</section>');
  });

  it('answers HTML with noindex, the Cache-Control and the cookie the island set, and no CSP of its own', async () => {
    const res = await first.worker.fetch(islandUrl(islands(home)[0]!));
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('cache-control')).toBe('private, max-age=60');
    expect(res.headers.getSetCookie()).toEqual(['seen-card=1; Path=/']);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('takes props too large for a URL as a POST body', async () => {
    const big = islands(home)[1]!;
    const res = await first.worker.fetch(`${big.path}?u=%2F`, { method: 'POST', body: big.p });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<ol id="big">400 items, last item number 399</ol>');
  });

  it('renders a Suspense inside the island in place, with no swap script (none would run)', async () => {
    const stock = islands(await (await first.worker.fetch('/stock')).text())[0]!;
    const res = await first.worker.fetch(islandUrl(stock, '/stock'));
    expect(await res.text()).toBe('<p id="stock">In stock: <b>12</b></p>');
  });

  it('answers HEAD without a body', async () => {
    const res = await first.worker.fetch(islandUrl(islands(home)[0]!), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('bad island requests get a 4xx, never a 500', () => {
  const status = async (path: string, init?: RequestInit): Promise<[number, string]> => {
    const res = await first.worker.fetch(path, init);
    return [res.status, res.headers.get('content-type') ?? ''];
  };

  it('a tampered p answers 400', async () => {
    const card = islands(home)[0]!;
    const flipped = card.p.slice(0, 20) + (card.p[20] === 'A' ? 'B' : 'A') + card.p.slice(21);
    expect(await status(islandUrl({ ...card, p: flipped }))).toEqual([400, 'text/plain; charset=utf-8']);
    expect(await status(islandUrl({ ...card, p: card.p.slice(0, -4) }))).toEqual([400, 'text/plain; charset=utf-8']);
    expect(await status(islandUrl({ ...card, p: 'not*base64' }))).toEqual([400, 'text/plain; charset=utf-8']);
    expect(await status(`${card.path}?u=%2F`)).toEqual([400, 'text/plain; charset=utf-8']);
  });

  it("another island's props answer 400 (the id is sealed in)", async () => {
    const [card, big] = islands(home);
    const res = await first.worker.fetch(`${card!.path}?u=%2F`, { method: 'POST', body: big!.p });
    expect(res.status).toBe(400);
  });

  it('props sealed with a key the site does not have answer 400', async () => {
    const other = await site(NEW_KEY);
    const foreign = islands(await (await other.worker.fetch('/')).text())[0]!;
    expect(foreign.path).toBe(islands(home)[0]!.path);
    expect((await first.worker.fetch(islandUrl(foreign))).status).toBe(400);
  }, 60_000);

  it('a page URL on another origin, an unknown island, another method and a body over 64 KiB are refused', async () => {
    const card = islands(home)[0]!;
    expect(await status(`${card.path}?u=${encodeURIComponent('//evil.example/')}&p=${card.p}`)).toEqual([400, 'text/plain; charset=utf-8']);
    expect(await status(`${card.path}?u=${encodeURIComponent('https://evil.example/')}&p=${card.p}`)).toEqual([400, 'text/plain; charset=utf-8']);
    expect(await status(`/_islands/nothing-here?u=%2F&p=${card.p}`)).toEqual([404, 'text/plain; charset=utf-8']);
    const put = await first.worker.fetch(islandUrl(card), { method: 'PUT' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, POST']);
    expect(await status(`${card.path}?u=%2F`, { method: 'POST', body: 'x'.repeat(64 * 1024 + 1) })).toEqual([413, 'text/plain; charset=utf-8']);
  });
});

describe('the same props give the same URL', () => {
  it('two renders of an on-demand page', async () => {
    const a = await (await first.worker.fetch('/live')).text();
    const b = await (await first.worker.fetch('/live')).text();
    expect(islands(a)).toHaveLength(1);
    expect(islands(a)).toEqual(islands(b));
  });

  it('two builds with the same key', async () => {
    const again = await site(OLD_KEY);
    expect(islands(await (await again.worker.fetch('/')).text())).toEqual(islands(home));
  }, 60_000);
});

describe('an on-demand page', () => {
  it("gives the loader the response's CSP nonce and renders an `inline` island in place", async () => {
    const res = await first.worker.fetch('/live', { headers: { cookie: 'visitor=zoe' } });
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const html = await res.text();
    expect(nonce).toBeTruthy();
    expect(html).toContain(`<script nonce="${nonce}">(s=>{`);
    expect(html).toContain('<div id="inline"><span id="badge">Inline for zoe</span></div>');
  });
});

describe('keys', () => {
  it('a build with EDGEPRESS_KEY=new,old seals with the new key and still opens URLs sealed with the old one', async () => {
    const rolled = await site(`${NEW_KEY},${OLD_KEY}`);
    const card = islands(await (await rolled.worker.fetch('/')).text())[0]!;
    const old = islands(home)[0]!;
    expect(card.p).not.toBe(old.p);
    const res = await rolled.worker.fetch(islandUrl(old), { headers: { cookie: 'visitor=ana' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<b id="visitor">ana</b>');
    // The control: the site with only the new key refuses the old URL (the test above).
  }, 60_000);

  it('a runtime EDGEPRESS_KEY seals on-demand pages and the build key still opens prerendered ones', async () => {
    const withRuntime = await site(OLD_KEY, { EDGEPRESS_KEY: RUNTIME_KEY });
    const live = islands(await (await withRuntime.worker.fetch('/live')).text())[0]!;
    const fromFirst = islands(await (await first.worker.fetch('/live')).text())[0]!;
    expect(live.p).not.toBe(fromFirst.p);
    expect((await withRuntime.worker.fetch(islandUrl(live))).status).toBe(200);
    expect((await withRuntime.worker.fetch(islandUrl(islands(home)[0]!))).status).toBe(200);
  }, 60_000);

  it('without EDGEPRESS_KEY the build makes a key and warns', async () => {
    const unkeyed = await site(undefined);
    expect(unkeyed.warnings.some((w) => w.startsWith('EDGEPRESS_KEY is not set'))).toBe(true);
    expect((await unkeyed.worker.fetch(islandUrl(islands(await (await unkeyed.worker.fetch('/')).text())[0]!))).status).toBe(200);
  }, 60_000);
});

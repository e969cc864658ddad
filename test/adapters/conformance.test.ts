/**
 * One conformance suite for every adapter: the same fixture site (test/fixtures/adapters) is built
 * for the adapter, started in its real runtime through `edgepress preview`'s own code
 * (workerd, deno, edge-runtime, bun, node), and must give the same HTTP answers.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterName } from '../../src/config.ts';
import type { BundleInfo } from '../../src/build/bundle.ts';
import { startPreview } from '../../src/cli/preview.ts';
import { rawRequest, timedGet } from '../helpers/raw-http.ts';
import { ADVERSARIAL_PATH, isRedirect, sameOrigin } from '../helpers/hostile-paths.ts';
import { check } from '../helpers/property.ts';
import { plantSecrets } from '../helpers/hostile-site.ts';
import { build, makeSite, removeSite, REPO } from '../helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const ADAPTERS: AdapterName[] = ['cloudflare', 'cloudflare-kv', 'deno', 'vercel', 'netlify', 'bun', 'node'];
const FIXTURE = join(REPO, 'test/fixtures/adapters');
const SECRET = 'TOP-SECRET-7d41';
const CSS = readFileSync(join(FIXTURE, 'public/style.css'), 'utf8');
const sizes: Array<{ adapter: AdapterName; bundle: BundleInfo }> = [];

/** A request sent byte for byte: fetch() would normalise '..' before it leaves the client. */
function rawGet(origin: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * EDGEPRESS_FIXTURE_VAR as each runtime's env shows it: a wrangler var on Workers, the process
 * environment for servers, and nothing in the edge-function previews (their env is the platform's).
 */
const ENV_VALUE: Record<AdapterName, string | null> = {
  cloudflare: 'from-wrangler',
  'cloudflare-kv': 'from-wrangler',
  deno: 'from-process',
  bun: 'from-process',
  node: 'from-process',
  vercel: null,
  netlify: null,
};
process.env.EDGEPRESS_FIXTURE_VAR = 'from-process';

describe.each(ADAPTERS)('the %s adapter in its runtime', (adapter) => {
  let root: string;
  let server: Awaited<ReturnType<typeof startPreview>> | undefined;
  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(server!.url + path, { redirect: 'manual', ...init });

  beforeAll(async () => {
    root = makeSite('adapters', { 'wrangler.toml': '[vars]\nEDGEPRESS_FIXTURE_VAR = "from-wrangler"\n' });
    const result = await build(root, { adapter });
    sizes.push({ adapter, bundle: result.bundle });
    // Secrets beside and above every adapter's asset folder: no request may ever read one.
    plantSecrets(root, SECRET);
    server = await startPreview(root, { adapter, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    if (root) removeSite(root);
  });

  it('serves prerendered pages with and without a trailing slash', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toBe('<!doctype html><html><head><title>Home</title></head><body><h1>Adapters home</h1></body></html>');
    for (const path of ['/about', '/about/']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe('<!doctype html><html><body><h1>About adapters</h1></body></html>');
    }
  });

  it('serves a prerendered rest route as HTML: the empty rest, one segment and several', async () => {
    for (const [path, label] of [['/docs', '(index)'], ['/docs/intro', 'intro'], ['/docs/a/b/c', 'a/b/c'], ['/docs/intro/', 'intro']]) {
      const res = await get(path!);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(await res.text(), path).toBe(`<!doctype html><html><body><h1>Docs ${label}</h1></body></html>`);
    }
    const missing = await get('/docs/not-listed');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Adapter fixture 404');
  });

  it('serves public files with their content type, ETag and Cache-Control', async () => {
    const css = await get('/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('etag')).toMatch(/^(W\/)?"[^"]+"$/);
    // Not fingerprinted, so a cache must revalidate it (a hashed name would be immutable).
    expect(css.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(await css.text()).toBe(readFileSync(join(FIXTURE, 'public/style.css'), 'utf8'));
    const spaced = await get('/hello%20world.txt');
    expect(spaced.status).toBe(200);
    expect(await spaced.text()).toBe('a file name with a space\n');
    const png = await get('/pixel.png');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).equals(readFileSync(join(FIXTURE, 'public/pixel.png')))).toBe(true);
  });

  it('serves a client island’s page and its content-hashed module as immutable JavaScript', async () => {
    const page = await (await get('/toggle')).text();
    expect(page).toContain('<button>off</button>');
    const src = /<edgepress-island data-c="(\/_edgepress\/toggle-[A-Z0-9]{8}\.js)"/.exec(page)?.[1];
    expect(src).toBeDefined();
    const js = await get(src!);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toContain('off');
  });

  it('answers If-None-Match with 304 and no body, for files and prerendered pages', async () => {
    for (const path of ['/style.css', '/about', '/']) {
      const first = await get(path);
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      expect(etag, path).toBeTruthy();
      const again = await get(path, { headers: { 'if-none-match': etag! } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      const changed = await get(path, { headers: { 'if-none-match': '"something-else"' } });
      expect(changed.status, path).toBe(200);
      await changed.arrayBuffer();
    }
  });

  it('answers If-None-Match before If-Modified-Since, and ignores If-Modified-Since without a Last-Modified', async () => {
    const first = await get('/style.css');
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified');
    const past = 'Thu, 01 Jan 1970 00:00:00 GMT';
    const future = 'Fri, 01 Jan 2100 00:00:00 GMT';
    const both = await get('/style.css', { headers: { 'if-none-match': '"other"', 'if-modified-since': future } });
    expect(both.status).toBe(200);
    expect(await both.text()).toBe(CSS);
    expect((await get('/style.css', { headers: { 'if-none-match': etag, 'if-modified-since': past } })).status).toBe(304);
    // RFC 9110 §13.1.3: only a representation with a Last-Modified can be compared to a date, and no
    // asset store (Workers Static Assets included) sends one: a date alone is ignored.
    expect(lastModified).toBeNull();
    const since = await get('/style.css', { headers: { 'if-modified-since': future } });
    expect(since.status).toBe(200);
    await since.arrayBuffer();
  });

  // Workers Static Assets answers exact file paths before the worker runs, and ignores Range
  // (RFC 9110 lets a server ignore it: 200 with the whole file). Every other store slices.
  it(`answers byte ranges with 206, several or invalid ones with the whole file, and unsatisfiable ones with 416${adapter === 'cloudflare' ? ' (here: Range ignored, 200)' : ''}`, async () => {
    const slices = adapter !== 'cloudflare';
    const cases: Array<[string, Record<string, string>, number, string | null, string | null]> = [
      ['bytes=7-11', {}, 206, 'bytes 7-11/31', 'color'],
      ['bytes=-6', {}, 206, 'bytes 25-30/31', CSS.slice(25)],
      ['bytes=26-', {}, 206, 'bytes 26-30/31', CSS.slice(26)],
      ['bytes=0-1000', {}, 206, 'bytes 0-30/31', CSS],
      ['bytes=0-0,5-6', {}, 200, null, CSS],
      ['bytes=9-3', {}, 200, null, CSS],
      ['bytes=x-y', {}, 200, null, CSS],
      ['bytes=7-11', { 'if-range': '"not-the-etag"' }, 200, null, CSS],
      ['bytes=31-', {}, 416, 'bytes */31', ''],
      ['bytes=-0', {}, 416, 'bytes */31', ''],
    ];
    for (const [range, extra, status, contentRange, body] of cases) {
      const res = await get('/style.css', { headers: { range, ...extra } });
      expect(res.status, range).toBe(slices ? status : 200);
      expect(res.headers.get('content-range'), range).toBe(slices ? contentRange : null);
      expect(await res.text(), range).toBe(slices ? body : CSS);
    }
    const head = await get('/style.css', { method: 'HEAD', headers: { range: 'bytes=7-11' } });
    expect(head.status).toBe(slices ? 206 : 200);
    expect(await head.text()).toBe('');
  });

  it('answers HEAD with headers and no body', async () => {
    for (const path of ['/style.css', '/about', '/visit', '/api/time']) {
      const res = await get(path, { method: 'HEAD' });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^(text\/css|text\/html|application\/json)/);
      expect(await res.text(), path).toBe('');
    }
  });

  it('renders an on-demand page per request and sets its cookie', async () => {
    const first = await get('/visit?q=%3Cb%3E');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.getSetCookie()).toEqual(['visits=1; Path=/; HttpOnly; SameSite=Lax']);
    expect(await first.text()).toBe('<!doctype html><html><body><h1>Visit 1</h1><p>&lt;b&gt;</p></body></html>');
    const again = await get('/visit', { headers: { cookie: 'visits=2' } });
    expect(again.headers.getSetCookie()).toEqual(['visits=3; Path=/; HttpOnly; SameSite=Lax']);
    expect(await again.text()).toContain('<h1>Visit 3</h1>');
    const quoted = await get('/visit', { headers: { cookie: 'visits="5"' } });
    expect(quoted.headers.getSetCookie()).toEqual(['visits=6; Path=/; HttpOnly; SameSite=Lax']);
    expect(await quoted.text()).toContain('<h1>Visit 6</h1>');
  });

  it('answers a server island of a prerendered page and of an on-demand one per visitor, beside the prerendered 404 page', async () => {
    const islandOf = async (pagePath: string): Promise<string> => {
      const page = await (await get(pagePath)).text();
      const [, path, p] = /<template data-island="([^"]+)" data-p="([^"]+)"><\/template><i>…<\/i><script>/.exec(page) ?? [];
      expect(path, pagePath).toMatch(/^\/_islands\/deferredwho-[0-9a-f]{8}$/);
      return `${path}?u=${encodeURIComponent(pagePath)}&p=${p}`;
    };
    const url = await islandOf('/island');
    const island = await get(url, { headers: { cookie: 'visits=4' } });
    expect(island.status).toBe(200);
    expect(island.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(island.headers.get('x-robots-tag')).toBe('noindex');
    expect(await island.text()).toBe('<b id="who">visits: 4 at /island</b>');
    const live = await get(await islandOf('/island-live'), { headers: { cookie: 'visits=9' } });
    expect([live.status, await live.text()]).toEqual([200, '<b id="who">live: 9 at /island-live</b>']);
    const tampered = await get(url.slice(0, -3) + (url.endsWith('AAA') ? 'BBB' : 'AAA'));
    expect(tampered.status).toBe(400);
    await tampered.arrayBuffer();
    const unknown = await get('/_islands/nothing?u=%2F&p=x');
    expect(unknown.status).toBe(404);
    await unknown.arrayBuffer();
  });

  it('answers an endpoint by method', async () => {
    const res = await get('/api/time?q=7');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true, q: '7' });
    const posted = await get('/api/time', { method: 'POST', body: 'ping', headers: { origin: server!.url } });
    expect(posted.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await posted.text()).toBe('posted:ping');
  });

  it('holds on-demand request bodies to limits.bodyBytes: 413 above 1 MiB, a chunked body under it streams through', async () => {
    const host = new URL(server!.url).host;
    // A client that announces 1 MiB + 1 and waits after its first KiB gets the 413 without sending the rest.
    const over = await rawRequest(server!.url, `POST /api/time HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${(1 << 20) + 1}`, Buffer.alloc(1024, 97), 10_000, true);
    expect(over.status).toBe(413);
    expect(over.body).toBe('Payload Too Large');
    const chunks = ['ab', 'cd', 'ef'].map((c) => `2\r\n${c}\r\n`).join('') + '0\r\n\r\n';
    const chunked = await rawRequest(server!.url, `POST /api/time HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked`, chunks);
    expect(chunked.status).toBe(200);
    expect(chunked.body).toBe('posted:abcdef');
  });

  it('refuses a cross-origin form POST with 403 and lets a same-origin one through (security.checkOrigin)', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cross = await get('/api/time', { method: 'POST', body: 'a=1', headers: { ...form, origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect(await cross.text()).toBe('Cross-site POST form submissions are forbidden');
    const same = await get('/api/time', { method: 'POST', body: 'a=1', headers: { ...form, origin: server!.url } });
    expect(same.status).toBe(200);
    expect(await same.text()).toBe('posted:a=1');
  });

  it('hands the site its env, the client address and a working waitUntil', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const first = await get('/api/platform?mark=one', { headers });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { variable: unknown; clientAddress: string };
    expect(body.variable).toBe(ENV_VALUE[adapter]);
    // Vercel's edge runtime names the client in x-forwarded-for; the others know the socket.
    expect(body.clientAddress).toBe(adapter === 'vercel' ? '203.0.113.9' : '127.0.0.1');
    const second = await get('/api/platform', { headers });
    expect(((await second.json()) as { done: string[] }).done).toContain('one');
  });

  it('answers missing paths with the custom 404 page and status 404', async () => {
    for (const path of ['/nope', '/deeply/nested/missing', '/style.css/more']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(await res.text(), path).toContain('<h1>Adapter fixture 404</h1>');
    }
  });

  it('streams components in document order, the shell before the slow ones', async () => {
    // Over a raw socket: Node's fetch may hold back a first chunk.
    const res = await timedGet(server!.url, '/stream');
    expect(res.status).toBe(200);
    const parts = res.chunks.map((c) => c.text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]).toContain('stream-start');
    expect(parts[0]).not.toContain('slow-');
    expect(res.body).toBe(
      '<!doctype html><html><head><title>Stream</title></head><body><h1>stream-start</h1><ul><li>slow-a</li><li>slow-b</li><li>slow-c</li></ul><p>stream-end</p></body></html>',
    );
  });

  it('never serves a file outside the asset folder', async () => {
    const attempts = [
      '/../../private/secret.txt',
      '/%2e%2e/%2e%2e/private/secret.txt',
      '/%2E%2E/%2E%2E/private/secret.txt',
      '/..%2f..%2fprivate%2fsecret.txt',
      '/%2e%2e%2f%2e%2e%2fprivate%2fsecret.txt',
      '/about/..%2f..%2f..%2fprivate%2fsecret.txt',
      '/style.css/..%2f..%2f..%2fprivate%2fsecret.txt',
      '/..%5c..%5cprivate%5csecret.txt',
      '/..\\..\\private\\secret.txt',
      '/%2e%2e/server/manifest.json',
      '/..%2fserver%2fmanifest.json',
      '//../../private/secret.txt',
    ];
    for (const path of attempts) {
      const res = await rawGet(server!.url, path);
      expect([400, 404], `${path} -> ${res.status}`).toContain(res.status);
      expect(res.body, path).not.toContain(SECRET);
      expect(res.body, path).not.toContain('"trailingSlash"');
    }
  });

  it('no generated path gets a 5xx, a file outside the asset folder or a redirect off the site (fast-check)', async () => {
    const host = new URL(server!.url).host;
    await check(
      fc.asyncProperty(ADVERSARIAL_PATH, async (path) => {
        const res = await rawRequest(server!.url, `GET ${path} HTTP/1.1\r\nHost: ${host}`);
        expect(res.status, path).toBeGreaterThanOrEqual(200);
        expect(res.status, path).toBeLessThan(500);
        expect(res.body, path).not.toContain(SECRET);
        expect(res.body, path).not.toContain('"trailingSlash"');
        if (isRedirect(res.status)) expect(sameOrigin(res.header('location'), server!.url), `${path} -> ${res.header('location')}`).toBe(true);
      }),
      60,
    );
  });

  it('answers very many, very long and malformed headers and cookies without a 5xx', async () => {
    const host = new URL(server!.url).host;
    const visit = (headers: string[]) => rawRequest(server!.url, [`GET /visit HTTP/1.1`, `Host: ${host}`, ...headers].join('\r\n'));
    const many = await visit(Array.from({ length: 80 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(40)}`));
    expect(many.status).toBe(200);
    // The page counts from 0 when the cookie is not a count (test/fixtures/adapters/routes/visit.tsx).
    for (const [cookie, count] of [
      ['visits=41', 42],
      ['=;;;=', 1],
      ['visits="unterminated', 1],
      ['visits=%zz', 1],
      ['__proto__=1; constructor=2; visits=9', 10],
      [`visits=${'9'.repeat(5000)}`, 1],
      ['visits=\u00e9\u2713', 1],
      ['\u00fc=1; visits=3', 4],
      ['visits="7"', 8],
    ] as const) {
      const res = await visit([`Cookie: ${cookie}`]);
      expect(res.status, cookie).toBe(200);
      expect(res.body, cookie).toContain(`<h1>Visit ${count}</h1>`);
    }
    expect((await visit(['Cookie: __proto__=1; constructor=2; visits=9'])).body).toContain('<h1>Visit 10</h1>');
    const huge = await visit([`X-Huge: ${'h'.repeat(100_000)}`]);
    expect([400, 413, 431, 494]).toContain(huge.status);
    expect((await visit([])).status).toBe(200);
  });
});

afterAll(() => {
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const rows = sizes.map(({ adapter, bundle }) => `| ${adapter} | ${kb(bundle.bytes)} | ${kb(bundle.gzipBytes)} |`);
  console.log(['server bundle per adapter (test/fixtures/adapters):', '| adapter | raw | gzip |', '|---|---|---|', ...rows].join('\n'));
});

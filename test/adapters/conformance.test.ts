/**
 * One conformance suite for every adapter: the same fixture site (test/fixtures/adapters) is built
 * for the adapter, started in its real runtime through `edgepress preview`'s own code
 * (workerd, deno, edge-runtime, bun, node), and must give the same HTTP answers.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterName } from '../../src/config.ts';
import type { BundleInfo } from '../../src/build/bundle.ts';
import { startPreview } from '../../src/cli/preview.ts';
import { timedGet } from '../helpers/raw-http.ts';
import { build, makeSite, removeSite, REPO } from '../helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const ADAPTERS: AdapterName[] = ['cloudflare', 'cloudflare-kv', 'deno', 'vercel', 'netlify', 'bun', 'node'];
const FIXTURE = join(REPO, 'test/fixtures/adapters');
const SECRET = 'TOP-SECRET-7d41';
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

  // Workers Static Assets answers exact file paths before the worker runs, and ignores Range.
  it.skipIf(adapter === 'cloudflare')('answers a byte range with 206 and just those bytes', async () => {
    const res = await get('/style.css', { headers: { range: 'bytes=7-11' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 7-11/31');
    expect(await res.text()).toBe('color');
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
});

afterAll(() => {
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const rows = sizes.map(({ adapter, bundle }) => `| ${adapter} | ${kb(bundle.bytes)} | ${kb(bundle.gzipBytes)} |`);
  console.log(['server bundle per adapter (test/fixtures/adapters):', '| adapter | raw | gzip |', '|---|---|---|', ...rows].join('\n'));
});

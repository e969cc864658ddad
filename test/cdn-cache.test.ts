/**
 * The route cache never mixes visitors. A CDN (Vercel, Netlify) answers before the function runs,
 * so what the function tells it decides: a request with the session cookie must never meet a copy
 * made without it, and a page's CSP nonce must never be stored. Vercel and Netlify builds run in
 * their preview runtimes (edge-runtime, Deno); Cloudflare and Node keep the store in the worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterName } from '../src/config.ts';
import { startPreview } from '../src/cli/preview.ts';
import { buildAndStart, type Runtime, type StartedSite } from './helpers/runtimes.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const nonceOf = (res: Response): string | undefined => /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
const CDN_HEADERS = ['vercel-cdn-cache-control', 'netlify-cdn-cache-control', 'vercel-cache-tag', 'netlify-cache-tag'];
const cdnHeaders = (res: Response): string[] => CDN_HEADERS.filter((name) => res.headers.has(name));

async function signIn(origin: string): Promise<string> {
  const res = await fetch(origin + '/login', { method: 'POST', headers: { origin } });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().find((c) => c.startsWith('edgepress-session='))!.split(';', 1)[0]!;
}

describe.each(['vercel', 'netlify'] as const)('the %s CDN', (adapter: AdapterName) => {
  let root: string;
  let server: { url: string; close(): Promise<void> };
  const prefix = adapter === 'vercel' ? 'vercel' : 'netlify';

  beforeAll(async () => {
    root = makeSite('cdn-cache');
    await build(root, { adapter });
    server = await startPreview(root, { adapter, port: 0 });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (root) removeSite(root);
  });

  it('is told to keep a page that is the same for everyone (the control)', async () => {
    const res = await fetch(server.url + '/shared');
    expect(res.headers.get(`${prefix}-cdn-cache-control`)).toBe('public, max-age=60');
  });

  it('never lets a request with the session cookie reach a shared copy of a page that reads the session', async () => {
    const anonymous = await fetch(server.url + '/greeting');
    expect(await anonymous.text()).toBe('<p>Hello, stranger</p>');
    if (adapter === 'vercel') {
      // Vercel cannot key its cache on one cookie: a page built from the session is not given to it.
      expect(cdnHeaders(anonymous)).toEqual([]);
    } else {
      // Netlify keys the copy on the session cookie: requests without it share it, one with it never gets it.
      expect(anonymous.headers.get('netlify-cdn-cache-control')).toBe('public, max-age=60');
      expect(anonymous.headers.get('netlify-vary')).toBe('cookie=edgepress-session');
    }
    const cookie = await signIn(server.url);
    const signedIn = await fetch(server.url + '/greeting', { headers: { cookie } });
    expect(await signedIn.text()).toBe('<p>Hello, Ada</p>');
    expect(cdnHeaders(signedIn)).toEqual([]);
    expect(signedIn.headers.get('cache-control')).toBe('private');
  });

  it('never hands the CDN a page with a nonce: two visitors, two nonces', async () => {
    const [a, b] = [await fetch(server.url + '/nonce'), await fetch(server.url + '/nonce')];
    expect(nonceOf(a)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(b)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(cdnHeaders(a)).toEqual([]);
    expect(await a.text()).toContain(`nonce="${nonceOf(a)}"`);
  });
});

describe.each(['workerd', 'node'] as const)('the route cache in %s', (runtime: Runtime) => {
  let root: string;
  let site: StartedSite;

  beforeAll(async () => {
    root = makeSite('cdn-cache');
    site = await buildAndStart(root, runtime);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    if (root) removeSite(root);
  });

  it('never stores a page with a nonce: two visitors, two nonces', async () => {
    const a = await fetch(site.origin + '/nonce');
    const b = await fetch(site.origin + '/nonce');
    expect(nonceOf(a)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(b.headers.get('cache-status')).toBe('edgepress; fwd=miss; detail=csp-nonce');
    // The control: a page without a nonce is stored and the second visitor gets the copy.
    await (await fetch(site.origin + '/shared')).arrayBuffer();
    expect((await fetch(site.origin + '/shared')).headers.get('cache-status')).toMatch(/^edgepress; hit/);
  });

  it('answers a request with the session cookie without the shared copy', async () => {
    await (await fetch(site.origin + '/greeting')).arrayBuffer();
    expect((await fetch(site.origin + '/greeting')).headers.get('cache-status')).toMatch(/^edgepress; hit/);
    const cookie = await signIn(site.origin);
    expect(await (await fetch(site.origin + '/greeting', { headers: { cookie } })).text()).toBe('<p>Hello, Ada</p>');
  });
});

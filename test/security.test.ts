/**
 * `security.checkOrigin` and `security.csp` over HTTP: one fixture site (test/fixtures/security)
 * built for Cloudflare and run in workerd, and built for Node and run by `node dist/server/index.js`.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSite } from './helpers/runtimes.ts';
import { sendFresh } from './helpers/fresh-request.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const RUNTIMES = ['workerd', 'node'] as const;
const FORM = 'application/x-www-form-urlencoded';

/** The nonce a CSP header gives script-src, and every nonce attribute of the page's scripts. */
function nonces(header: string | null, html: string): { header: string | undefined; scripts: Array<string | undefined> } {
  const scriptSrc = (header ?? '').split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  return {
    header: /'nonce-([^']+)'/.exec(scriptSrc)?.[1],
    scripts: [...html.matchAll(/<script\b([^>]*)>/g)].filter((m) => !m[1]!.includes('id="injected"')).map((m) => /nonce="([^"]*)"/.exec(m[1]!)?.[1]),
  };
}

describe.each(RUNTIMES)('security in %s', (runtime) => {
  let origin: string;
  const site = fixtureSite('security', runtime);
  const send = (path: string, init: RequestInit & { chunked?: boolean }): Promise<Response> => sendFresh(origin + path, init);

  beforeAll(() => {
    origin = site.origin;
  });

  describe('checkOrigin (on by default)', () => {
    it('a cross-origin form POST gets 403, and a same-origin one goes through', async () => {
      const cross = await send('/form', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': FORM }, body: 'a=1' });
      expect(cross.status).toBe(403);
      expect(await cross.text()).toBe('Cross-site POST form submissions are forbidden');
      const same = await send('/form', { method: 'POST', headers: { origin, 'content-type': FORM }, body: 'a=1' });
      expect(same.status).toBe(200);
      expect(await same.text()).toBe('accepted POST');
    });

    it('covers multipart and text/plain (with parameters), a missing content type and an opaque (null) Origin', async () => {
      const cases: Array<Record<string, string>> = [
        { origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' },
        { origin: 'https://evil.example', 'content-type': 'Text/Plain;charset=UTF-8' },
        { origin: 'https://evil.example' },
        { origin: 'null', 'content-type': FORM },
      ];
      for (const headers of cases) {
        const res = await send('/form', { method: 'POST', headers, body: 'x' });
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(await res.text()).toBe('Cross-site POST form submissions are forbidden');
      }
    });

    it('leaves PUT, PATCH and DELETE to the route: a browser preflights them, so only API clients send them', async () => {
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const res = await send('/form', { method, headers: { origin: 'https://evil.example', 'content-type': FORM }, body: method === 'DELETE' ? undefined : 'a=1' });
        expect(res.status, method).toBe(200);
        expect(await res.text()).toBe(`accepted ${method}`);
      }
      // `curl -X DELETE /api/item`: the route's own answer, not the origin check's.
      const del = await send('/api/item', { method: 'DELETE' });
      expect(del.status).toBe(405);
      expect(del.headers.get('allow')).toContain('GET');
      // A POST without Origin is no browser's (browsers send one with every POST): `curl -d` reaches the route.
      const curl = await send('/form', { method: 'POST', headers: { 'content-type': FORM }, body: 'a=1' });
      expect(curl.status).toBe(200);
      expect(await curl.text()).toBe('accepted POST');
    });

    it('lets through what a form cannot send (JSON), reads, the configured site and a trusted forwarded host', async () => {
      const json = await send('/form', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
      expect(json.status).toBe(200);
      expect((await send('/form', { method: 'GET', headers: { origin: 'https://evil.example' } })).status).toBe(200);
      const site = await send('/form', { method: 'POST', headers: { origin: 'https://shop.example', 'content-type': FORM }, body: 'a=1' });
      expect(site.status).toBe(200);
      const proxied = await send('/form', {
        method: 'POST',
        headers: { origin: 'https://proxy.example', 'x-forwarded-host': 'proxy.example', 'x-forwarded-proto': 'https', 'content-type': FORM },
        body: 'a=1',
      });
      expect(proxied.status).toBe(200);
      const untrusted = await send('/form', {
        method: 'POST',
        headers: { origin: 'https://other.example', 'x-forwarded-host': 'other.example', 'content-type': FORM },
        body: 'a=1',
      });
      expect(untrusted.status).toBe(403);
    });
  });

  describe('one request policy (before any route, middleware or error page)', () => {
    const big = 'a='.padEnd(2000, 'x');

    it('a path only the middleware answers refuses a cross-site form POST and a body over limits.bodyBytes', async () => {
      const same = await send('/logout', { method: 'POST', headers: { origin, 'content-type': FORM }, body: 'a=1' });
      expect(same.status).toBe(200);
      expect(await same.text()).toBe('logged out (3 bytes)');
      const cross = await send('/logout', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': FORM }, body: 'a=1' });
      expect(cross.status).toBe(403);
      expect(await cross.text()).toBe('Cross-site POST form submissions are forbidden');
      const declared = await send('/logout', { method: 'POST', headers: { origin, 'content-type': FORM }, body: big });
      expect(declared.status).toBe(413);
      const chunked = await send('/logout', { method: 'POST', headers: { origin, 'content-type': FORM }, body: big, chunked: true });
      expect(chunked.status).toBe(413);
    });

    it('the on-demand 404 page refuses a cross-site form POST and a body over limits.bodyBytes', async () => {
      const same = await send('/nowhere', { method: 'POST', headers: { origin, 'content-type': FORM }, body: 'a=1' });
      expect(same.status).toBe(404);
      expect(await same.text()).toContain('not here');
      const cross = await send('/nowhere', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': FORM }, body: 'a=1' });
      expect(cross.status).toBe(403);
      const declared = await send('/nowhere', { method: 'POST', headers: { origin, 'content-type': FORM }, body: big });
      expect(declared.status).toBe(413);
    });

    it('TRACE reaches nothing: 501 on a route, a middleware path and the 404 page (TRACK and CONNECT do not get past the HTTP servers)', async () => {
      for (const path of ['/form', '/logout', '/nowhere']) {
        const res = await send(path, { method: 'TRACE' });
        expect(res.status, path).toBe(501);
      }
    });
  });

  describe('csp (nonce on demand)', () => {
    it('the CSP header and every script the page and the framework write carry the same fresh nonce on a streamed page', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const res = await send('/stream', {});
        const header = res.headers.get('content-security-policy');
        const html = await res.text();
        const found = nonces(header, html);
        expect(found.header).toMatch(/^[A-Za-z0-9+/]{22}==$/);
        // Two swap scripts (one per Suspense) and the page's own script.
        expect(found.scripts).toEqual([found.header, found.header, found.header]);
        expect(html).toContain(`<style nonce="${found.header}">`);
        expect(html).toContain(`data-nonce="${found.header}"`);
        expect(html).toContain('<script id="injected">');
        expect(header).toBe(`default-src 'self'; script-src 'self' 'nonce-${found.header}'; style-src 'self' 'nonce-${found.header}'; object-src 'none'; frame-ancestors 'none'`);
        seen.add(found.header!);
      }
      expect(seen.size).toBe(3);
    });

    it('endpoints get no policy; a prerendered page gets the hashes of its inline script and style in its header, at every URL it answers', async () => {
      expect((await send('/form', {})).headers.get('content-security-policy')).toBeNull();
      const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      const script = sha('document.documentElement.dataset.static = "ran";');
      const style = sha('#s { color: rgb(4, 5, 6); }');
      for (const path of ['/static', '/static/', '/static/index.html']) {
        const page = await send(path, {});
        expect(page.status, path).toBe(200);
        // The header holds what a <meta> cannot: frame-ancestors.
        expect(page.headers.get('content-security-policy'), path).toBe(`default-src 'self'; script-src 'self' ${script}; style-src 'self' ${style}; object-src 'none'; frame-ancestors 'none'`);
        const html = await page.text();
        expect(html).toContain('<p id="s">static</p>');
        expect(html).not.toContain('http-equiv="Content-Security-Policy"');
      }
    });
  });
});

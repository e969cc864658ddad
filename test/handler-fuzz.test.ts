/**
 * Many generated requests straight into the hostile site's node build, in this process (no
 * sockets, so more runs): any method token, path, query, headers and body together. Invariant:
 * never a 5xx, never a secret, never a redirect off the site. Seeded (test/helpers/property.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorker, type TestWorker } from '../src/testing/index.ts';
import { ADVERSARIAL_PATH, isRedirect, sameOrigin } from './helpers/hostile-paths.ts';
import { plantSecrets, SECRET } from './helpers/hostile-site.ts';
import { check } from './helpers/property.ts';
import { makeSite, removeSite } from './helpers/site.ts';

const ROUTES = ['/', '/page', '/header', '/go', '/api/echo', '/api/only-get', '/p/x', '/r/a/b', '/old/a', '/moved/x', '/style.css', '/letters.txt', '/about', '/stream'];
const token = fc.stringMatching(/^[A-Za-z][A-Za-z-]{0,9}$/);
// new Request() refuses TRACE, TRACK and CONNECT (the socket suites send those raw).
const method = fc
  .oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'), token.map((t) => t.toUpperCase()))
  .filter((m) => !['TRACE', 'TRACK', 'CONNECT'].includes(m));
const headerValue = fc.string({ unit: fc.constantFrom('a', '1', ' ', '=', ';', ',', '"', '%', '/', '*', '-', 'bytes=0-3', 'W/"x"', 'https://evil.example', '\u00e9'), maxLength: 12 }).map((v) => v.trim());
const headers = fc.dictionary(
  fc.constantFrom('cookie', 'accept', 'content-type', 'origin', 'range', 'if-none-match', 'if-range', 'if-modified-since', 'x-forwarded-host', 'authorization', 'accept-encoding'),
  headerValue,
  { maxKeys: 5 },
);
const target = fc.oneof(ADVERSARIAL_PATH, fc.tuple(fc.constantFrom(...ROUTES), fc.string({ maxLength: 12 })).map(([path, query]) => `${path}?${encodeURIComponent(query)}`));

describe('generated requests into the handler (node build, in process)', () => {
  let root: string;
  let site: TestWorker;
  beforeAll(async () => {
    root = makeSite('hostile');
    site = await createTestWorker({ root, runtime: 'node' });
    // Beside and above the asset folder of the in-process node build: a path-escape bug would read one of them.
    plantSecrets(root, SECRET, 'dist/.test-node');
  }, 120_000);
  afterAll(() => root && removeSite(root));

  it('never answers a 5xx, a planted secret or a redirect off the site, whatever the method, path, headers and body', async () => {
    await check(
      fc.asyncProperty(method, target, headers, fc.option(fc.string({ maxLength: 40 })), async (m, path, h, body) => {
        const withBody = body !== null && m !== 'GET' && m !== 'HEAD';
        const res = await site.fetch(path, { method: m, headers: h, body: withBody ? body : undefined });
        const text = await res.text();
        const what = `${m} ${path} ${JSON.stringify(h)}`;
        expect(res.status, what).toBeLessThan(500);
        expect(text, what).not.toMatch(/\bat .*:\d+:\d+/);
        expect(text, what).not.toContain(SECRET);
        expect(!isRedirect(res.status) || sameOrigin(res.headers.get('location') ?? undefined, 'http://localhost'), `${what} -> ${res.headers.get('location')}`).toBe(true);
      }),
      1000,
    );
  });
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestWorker, type TestWorker } from 'edgepress/testing';

// Builds the site in the working directory (unless dist/ is up to date) and runs it in workerd,
// with the bindings of wrangler.jsonc, as Cloudflare would.
let site: TestWorker;
beforeAll(async () => {
  site = await createTestWorker();
}, 120_000);
afterAll(() => site?.dispose());

test('the home page is prerendered HTML', async () => {
  const response = await site.fetch('/');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await response.text()).toContain('<h1>Welcome to');
});

test('/visits counts visits in a cookie', async () => {
  const first = await site.fetch('/visits');
  expect(first.headers.get('set-cookie')).toMatch(/^visits=1;/);
  const again = await site.fetch('/visits', { headers: { cookie: 'visits=41' } });
  expect(await again.text()).toContain('<strong id="visits">42</strong>');
});

test('the API answers JSON with the GREETING var', async () => {
  const response = await site.fetch('/api/hello?name=Ada');
  expect(await response.json()).toEqual({ message: 'Hello, Ada!' });
});

test('each post has a page; unknown paths get the 404 page', async () => {
  expect((await site.fetch('/blog/hello-world')).status).toBe(200);
  const missing = await site.fetch('/blog/no-such-post');
  expect(missing.status).toBe(404);
  expect(await missing.text()).toContain('Page not found');
});

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

test('the newsletter form subscribes through its action, then shows the result once', async () => {
  const origin = new URL(site.url).origin;
  const form = { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' } as const;
  const posted = await site.fetch('/newsletter?_action=subscribe', { ...form, body: 'email=ada%40example.com&topic=news' });
  // Post/redirect/get: the result waits in a one-time cookie, so a reload does not post again.
  expect(posted.status).toBe(303);
  const kept = posted.headers.getSetCookie().find((cookie) => cookie.startsWith('edgepress-action='))!.split(';')[0]!;
  const page = await site.fetch('/newsletter', { headers: { cookie: kept } });
  expect(await page.text()).toContain('Subscribed ada@example.com to news.');
});

test('invalid input renders the form again with 400 and the message', async () => {
  const origin = new URL(site.url).origin;
  const response = await site.fetch('/newsletter?_action=subscribe', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=not-an-email&topic=news',
  });
  expect(response.status).toBe(400);
  const html = await response.text();
  expect(html).toContain('<span id="email-error">Enter a valid email address</span>');
  expect(html).toContain('value="not-an-email"');
});

test('pages link the stylesheet their layout imports, hashed and cached for good', async () => {
  const html = await (await site.fetch('/')).text();
  const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
  expect(href).toMatch(/^\/_assets\/Layout\.\w+\.css$/);
  const css = await site.fetch(href!);
  expect(css.headers.get('cache-control')).toContain('immutable');
  expect(await css.text()).toContain('max-width:42rem');
});

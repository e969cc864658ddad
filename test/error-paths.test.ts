/** Error pages and reroutes over HTTP in workerd: on-demand 404/500 pages, ones that throw, exemptions, dev mode. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, makeSite, removeSite } from './helpers/site.ts';
import { startWorkerd, type RunningSite } from './helpers/workerd.ts';
import { workerdSite } from './helpers/workerd-site.ts';

const html = { accept: 'text/html' };

describe('on-demand error pages', () => {
  const built = workerdSite(() =>
    makeSite(null, {
      'edgepress.config.ts': "export default { output: 'server' };\n",
      'routes/404.tsx': `export default ({ url }) => {
  if (url.pathname === '/broken-404') throw new Error('the 404 page broke');
  return <html><body><h1>Lost: {url.pathname}</h1></body></html>;
};\n`,
      'routes/500.tsx': `export default ({ props }) => {
  if (props.error?.message === 'break the 500 page too') throw new Error('the 500 page broke');
  return <html><body><h1>Sorry</h1></body></html>;
};\n`,
      'routes/throws.tsx': 'export default () => { throw new Error("page failed"); };\n',
      'routes/throws-twice.tsx': 'export default () => { throw new Error("break the 500 page too"); };\n',
      'routes/bodiless-404.ts': 'export const ALL = () => new Response(null, { status: 404, statusText: "No Such Thing" });\n',
      'routes/empty-404.ts': 'export const GET = () => new Response(null, { status: 404, headers: { "content-length": "0" } });\n',
      'routes/bodiless-500.ts': 'export const GET = () => new Response(null, { status: 500 });\n',
      'routes/data.mts': 'export const GET = () => Response.json({ from: "mts" });\n',
      'routes/more.mjs': 'export const GET = () => Response.json({ from: "mjs" });\n',
    }),
  );

  it('an on-demand 404 page renders per request with status 404', async () => {
    const res = await built.site.fetch('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe('<!doctype html><html><body><h1>Lost: /no/such/page</h1></body></html>');
    const head = await built.site.fetch('/no/such/page', { method: 'HEAD' });
    expect(head.status).toBe(404);
    expect(await head.text()).toBe('');
  });

  it('a 404 page that throws falls back to the built-in 404, and is logged', async () => {
    const res = await built.site.fetch('/broken-404', { headers: html });
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain('<h1>404 Not Found</h1>');
    expect(body).not.toContain('the 404 page broke');
    expect(await built.site.waitForLog(/the 404 page broke/)).toMatch(/\[edgepress\] GET \/broken-404 \(\/404\) failed:[\s\S]*the 404 page broke/);
  });

  it('a 500 page renders for a page that throws; one that throws too falls back to the built-in 500, without a stack', async () => {
    const res = await built.site.fetch('/throws', { headers: html });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('<!doctype html><html><body><h1>Sorry</h1></body></html>');
    const twice = await built.site.fetch('/throws-twice', { headers: html });
    expect(twice.status).toBe(500);
    const body = await twice.text();
    expect(body).toContain('<h1>500 Internal Server Error</h1>');
    expect(body).not.toMatch(/break the 500 page too|the 500 page broke|at .*:\d+:\d+/);
    expect(await built.site.waitForLog(/the 500 page broke/)).toMatch(/\(\/500\) failed:[\s\S]*the 500 page broke/);
  });

  it('a bodiless 404 or 500 from a route shows the error page, keeping the status text', async () => {
    const res = await built.site.fetch('/bodiless-404');
    expect(res.status).toBe(404);
    expect(res.statusText).toBe('No Such Thing');
    expect(await res.text()).toBe('<!doctype html><html><body><h1>Lost: /bodiless-404</h1></body></html>');
    const five = await built.site.fetch('/bodiless-500', { headers: html });
    expect(five.status).toBe(500);
    expect(await five.text()).toBe('<!doctype html><html><body><h1>Sorry</h1></body></html>');
  });

  it('is not shown for HEAD or for an explicit content-length: 0', async () => {
    const head = await built.site.fetch('/bodiless-404', { method: 'HEAD' });
    expect(head.status).toBe(404);
    expect(head.headers.get('content-type')).toBeNull();
    expect(await head.text()).toBe('');
    const empty = await built.site.fetch('/empty-404');
    expect(empty.status).toBe(404);
    expect(empty.headers.get('content-type')).toBeNull();
    expect(await empty.text()).toBe('');
  });

  it('serves .mts and .mjs endpoints', async () => {
    expect(await (await built.site.fetch('/data')).json()).toEqual({ from: 'mts' });
    expect(await (await built.site.fetch('/more')).json()).toEqual({ from: 'mjs' });
  });
});

describe('the cached prerendered 404 page', () => {
  const built = workerdSite(() =>
    makeSite(null, {
      'routes/404.tsx': 'export default () => <html><body><h1>Static 404</h1></body></html>;\n',
      'routes/api.ts': 'export const prerender = false;\nexport const GET = () => new Response("api");\n',
    }),
  );

  it('answers HEAD with its headers and no body, and GET again in full', async () => {
    const first = await built.site.fetch('/nope');
    expect(first.status).toBe(404);
    const body = await first.text();
    expect(body).toBe('<!doctype html><html><body><h1>Static 404</h1></body></html>');
    for (let i = 0; i < 2; i++) {
      const head = await built.site.fetch('/nope', { method: 'HEAD' });
      expect(head.status).toBe(404);
      expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await head.text()).toBe('');
    }
    const again = await built.site.fetch('/other-miss');
    expect(again.status).toBe(404);
    expect(await again.text()).toBe(body);
  });
});

describe('middleware without onRequest', () => {
  it('fails prerendering with the fix', async () => {
    const root = makeSite(null, { 'routes/_middleware.ts': 'export const onrequest = (c, n) => n();\n', 'routes/index.tsx': 'export default () => <p>x</p>;\n' });
    try {
      const error: unknown = await build(root).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('routes/index.tsx: failed to prerender /: TypeError: routes/_middleware must export `onRequest(ctx, next)`.');
    } finally {
      removeSite(root);
    }
  });

  describe('on demand', () => {
    const built = workerdSite(() =>
      makeSite(null, {
        'edgepress.config.ts': "export default { output: 'server' };\n",
        'routes/_middleware.ts': 'export default (c, n) => n();\n',
        'routes/index.tsx': 'export default () => <p>x</p>;\n',
      }),
    );

    it('answers 500 without a stack and logs the fix', async () => {
      const res = await built.site.fetch('/');
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('Internal Server Error');
      expect(await built.site.waitForLog(/onRequest/)).toMatch(/routes\/_middleware must export `onRequest\(ctx, next\)`/);
    });
  });
});

describe('the handler in dev mode', () => {
  let root: string;
  let site: RunningSite;
  beforeAll(async () => {
    root = makeSite(null, {
      'routes/404.tsx': 'export default () => <html><body><h1>Dev 404</h1></body></html>;\n',
      'routes/throws.tsx': 'export const prerender = false;\nexport default () => { throw new Error("dev failure"); };\n',
      'routes/late.tsx': `export const prerender = false;
const Late = async () => { await new Promise((r) => setTimeout(r, 5)); throw new Error('late -- failure'); };
export default () => <main><h1>start</h1><Late /></main>;\n`,
    });
    await build(root, { dev: true });
    site = await startWorkerd(root);
  });
  afterAll(async () => {
    await site?.dispose();
    if (root) removeSite(root);
  });

  it('answers an error page with the stack, and the error as data for the dev server', async () => {
    const res = await site.fetch('/throws', { headers: html });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain('<h1>Error: dev failure</h1><p>/throws (routes/throws.tsx)</p>');
    expect(body).toMatch(/<pre>Error: dev failure\n\s+at /);
    const info = JSON.parse(decodeURIComponent(res.headers.get('x-edgepress-error')!));
    expect(info).toMatchObject({ name: 'Error', message: 'dev failure', route: '/throws (routes/throws.tsx)' });
    expect(info.stack).toMatch(/^Error: dev failure\n\s+at /);
  });

  it('shows a mid-stream error as a visible block in place, then ends the page', async () => {
    const res = await site.fetch('/late');
    const body = await res.text();
    expect(body.startsWith('<main><h1>start</h1><edgepress-error data-error="')).toBe(true);
    expect(body).toMatch(/<strong>Error: late -- failure<\/strong>\nError: late -- failure\n\s+at /);
    expect(body.endsWith('</edgepress-error>')).toBe(true);
    const data = /data-error="([^"]*)"/.exec(body)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'");
    expect(JSON.parse(data)).toMatchObject({ name: 'Error', message: 'late -- failure', route: '/late' });
  });

  it('reads the prerendered 404 page from the store on every miss, GET and HEAD', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await site.fetch('/nope');
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('<!doctype html><html><body><h1>Dev 404</h1></body></html>');
      const head = await site.fetch('/nope', { method: 'HEAD' });
      expect(head.status).toBe(404);
      expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await head.text()).toBe('');
    }
  });
});

/**
 * `redirects`, `routeRules` and `cache` in a site outside the repo: mistakes fail the build with
 * the entry and the fix; the dev build answers redirects and caches in memory; a Cloudflare site
 * without the cache's KV namespace is told so at build time and at request time.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.ts';
import { DevBuild } from '../src/dev/dev-build.ts';
import { DevRuntime } from '../src/dev/dev-runtime.ts';
import { build, outsideSite as makeOutsideSite } from './helpers/site.ts';
import { startWorkerd } from './helpers/workerd.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const outsideSite = (files: Record<string, string>): string => makeOutsideSite('routing', files, roots);

const PAGES = {
  'routes/index.tsx': 'export default () => <p>home</p>;\n',
  'routes/about.tsx': 'export default () => <p>about</p>;\n',
  'routes/products/[id].tsx': "export const prerender = false;\nexport default ({ params }: { params: { id: string } }) => <p>product {params.id}</p>;\n",
};

const withConfig = (config: string, extra: Record<string, string> = {}): string =>
  outsideSite({ ...PAGES, 'edgepress.config.ts': `import { defineConfig } from 'edgepress';\nexport default defineConfig(${config});\n`, ...extra });

async function buildError(root: string): Promise<string> {
  const error = await build(root).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the build should have failed').toBeInstanceOf(Error);
  return `${error!.name}: ${error!.message}`;
}

describe('config mistakes fail the build with the entry and the fix', () => {
  it.each([
    [
      "{ redirects: { '/blog/[slug]': '/articles/[id]' } }",
      `BuildError: edgepress.config.ts: redirects["/blog/[slug]"]: the destination uses [id], which the source "/blog/[slug]" does not have; use the same params on both sides.`,
    ],
    [
      "{ redirects: { '/blog/[slug]': '/articles' } }",
      `BuildError: edgepress.config.ts: redirects["/blog/[slug]"]: the source's [slug] is missing from the destination "/articles"; use the same params on both sides.`,
    ],
    [
      "{ redirects: { '/docs/[...path]': '/guide/[path]' } }",
      `BuildError: edgepress.config.ts: redirects["/docs/[...path]"]: "path" is a single param in the destination but not in the source; write it the same way on both sides.`,
    ],
    [
      "{ redirects: { '/about': '/new' } }",
      'BuildError: edgepress.config.ts: redirects["/about"]: routes/about.tsx already answers the same paths (/about); remove the redirect or the other one.',
    ],
    [
      "{ redirects: { '/items/[n]': '/products/[n]', '/items/[m]': '/p/[m]' } }",
      'BuildError: edgepress.config.ts: redirects["/items/[m]"]: /items/[n] in redirects already answers the same paths (/items/[n]); remove the redirect or the other one.',
    ],
    [
      "{ redirects: { '/old': '//evil.com' } }",
      `BuildError: edgepress.config.ts: redirects["/old"]: the destination "//evil.com" must be a path on this site starting with one '/' ('/new') or an absolute http(s) URL.`,
    ],
    [
      "{ redirects: { '/old': 'javascript:alert(1)' } }",
      `BuildError: edgepress.config.ts: redirects["/old"]: the destination "javascript:alert(1)" must be a path on this site starting with one '/' ('/new') or an absolute http(s) URL.`,
    ],
    [
      "{ redirects: { '/old': { status: 200, destination: '/new' } } }",
      'BuildError: edgepress.config.ts: redirects["/old"]: status is 200; use 301, 302, 303, 307 or 308.',
    ],
    [
      "{ redirects: { 'old': '/new' } }",
      `BuildError: edgepress.config.ts: redirects["old"]: the source must be a path starting with one '/', such as '/old'.`,
    ],
    [
      "{ routeRules: { '/nowhere/[id]': { maxAge: 60 } } }",
      `BuildError: edgepress.config.ts: routeRules["/nowhere/[id]"] matches no route; use a route's pattern as written by its file, such as '/products/[id]'.`,
    ],
    [
      "{ routeRules: { '/products/[id]': { maxAge: -1 } } }",
      'BuildError: edgepress.config.ts: routeRules["/products/[id]"]: `maxAge` must be a number of seconds (0 or more), not -1.',
    ],
    [
      "{ routeRules: { '/products/[id]': { maxAge: 60, ttl: 5 } } }",
      'BuildError: edgepress.config.ts: routeRules["/products/[id]"]: unknown option `ttl`; the options are maxAge, swr, tags.',
    ],
    [
      "{ routeRules: { '/products/[id]': { maxAge: 60, tags: ['a b'] } } }",
      "BuildError: edgepress.config.ts: routeRules[\"/products/[id]\"]: `tags` must be an array of names without spaces or commas, such as ['products'].",
    ],
    ["{ cache: { kvBinding: 'my-kv' } }", "BuildError: edgepress.config.ts: `cache.kvBinding` must be a binding name such as 'CACHE_TAGS'."],
  ])('%s', async (config, message) => {
    expect(await buildError(withConfig(config))).toBe(message);
  });

  it('warns that a rule covering only prerendered routes does nothing', async () => {
    const result = await build(withConfig("{ routeRules: { '/about': { maxAge: 60 } }, adapter: 'node' }"));
    expect(result.warnings).toContain('routeRules["/about"] covers only prerendered routes (routes/about.tsx): they are static files already, so the rule does nothing.');
  });

  it('fills in the defaults', () => {
    const config = resolveConfig({ redirects: { '/a': '/b' }, routeRules: { '/p/[id]': { maxAge: 5 } } });
    expect(config.redirects).toEqual({ '/a': { destination: '/b' } });
    expect(config.routeRules).toEqual({ '/p/[id]': { maxAge: 5, swr: 0, tags: [] } });
    expect(config.cache).toEqual({ kvBinding: 'CACHE_TAGS' });
  });
});

describe('the dev build', () => {
  it('answers config redirects and caches in memory (no KV needed)', async () => {
    const root = withConfig("{ redirects: { '/old/[id]': '/products/[id]' }, routeRules: { '/products/[id]': { maxAge: 60 } } }");
    const dev = new DevBuild(root);
    const runtime = new DevRuntime();
    try {
      const result = await dev.build({ copyPublic: true });
      if (!result.ok) throw new Error(`the dev build failed: ${result.problem.message}`);
      // In the dev server's workerd, as `edgepress dev` runs it.
      await runtime.run({ root, wrangler: result.wrangler, serverDir: dev.serverDir, exports: result.exports, assets: [] }, result.build);
      const site = { fetch: (path: string, init: RequestInit = {}) => fetch(runtime.url + path, { redirect: 'manual', ...init }) };
      const redirect = await site.fetch('/old/7', { method: 'POST' });
      expect(redirect.status).toBe(308);
      expect(redirect.headers.get('location')).toBe('/products/7');
      const first = await site.fetch('/products/7');
      expect(first.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
      expect(await first.text()).toContain('product 7');
      let second = await site.fetch('/products/7');
      for (let i = 0; i < 40 && !/hit/.test(second.headers.get('cache-status') ?? ''); i++) {
        await second.arrayBuffer();
        await new Promise((r) => setTimeout(r, 50));
        second = await site.fetch('/products/7');
      }
      expect(second.headers.get('cache-status')).toMatch(/^edgepress; hit/);
      expect(await second.text()).toContain('product 7');
    } finally {
      await runtime.dispose();
      await dev.dispose();
    }
  });
});

describe('the route cache on Cloudflare with no hand setup', () => {
  /** Asks for the page until the Cache API has it (its put runs after the first answer). */
  async function untilHit(site: { fetch(path: string): Promise<Response> }, path: string): Promise<Response> {
    let res = await site.fetch(path);
    for (let i = 0; i < 40 && !/hit/.test(res.headers.get('cache-status') ?? ''); i++) {
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 50));
      res = await site.fetch(path);
    }
    return res;
  }

  it('caches without tags in the Cache API, with no KV namespace and no warning', async () => {
    const root = withConfig("{ routeRules: { '/products/[id]': { maxAge: 60 } } }", {
      'wrangler.jsonc': '{ "name": "no-kv", "compatibility_date": "2026-04-01" }',
    });
    const result = await build(root);
    expect(result.warnings.join('\n')).not.toContain('CACHE_TAGS');
    expect(result.summary).toContain('route cache: /products/[id] (routeRules) in the Workers Cache API');
    const config = JSON.parse(readFileSync(join(root, 'dist/server/wrangler.json'), 'utf8')) as { kv_namespaces?: unknown[] };
    expect(config.kv_namespaces ?? []).toEqual([]);
    await using site = await startWorkerd(root);
    const first = await site.fetch('/products/1');
    expect(first.headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
    expect(await first.text()).toContain('product 1');
    const second = await untilHit(site, '/products/1');
    expect(second.headers.get('cache-status')).toMatch(/^edgepress; hit/);
  });

  it('a site that calls invalidate() gets the KV namespace in dist/server/wrangler.json, and invalidation works', async () => {
    const root = withConfig("{ routeRules: { '/products/[id]': { maxAge: 60 } } }", {
      'wrangler.jsonc': '{ "name": "tags", "compatibility_date": "2026-04-01" }',
      'routes/api/purge.ts': "import { invalidate } from 'edgepress';\nexport const prerender = false;\nexport const POST = async () => { await invalidate({ path: '/products/2' }); return new Response('ok'); };\n",
    });
    const result = await build(root);
    const config = JSON.parse(readFileSync(join(root, 'dist/server/wrangler.json'), 'utf8')) as { kv_namespaces?: unknown[] };
    expect(config.kv_namespaces).toEqual([{ binding: 'CACHE_TAGS' }]);
    expect(result.summary).toContain('route cache tag invalidations: KV namespace CACHE_TAGS added to dist/server/wrangler.json');
    await using site = await startWorkerd(root);
    await (await site.fetch('/products/2')).arrayBuffer();
    expect((await untilHit(site, '/products/2')).headers.get('cache-status')).toMatch(/^edgepress; hit/);
    const purge = await site.fetch('/api/purge', { method: 'POST', headers: { origin: site.url } });
    expect(purge.status).toBe(200);
    expect((await site.fetch('/products/2')).headers.get('cache-status')).toBe('edgepress; fwd=miss; stored');
  });
});


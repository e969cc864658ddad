/**
 * What a production worker embeds beside its code (src/build/worker-manifest.ts): the manifest
 * without what the request path never reads, as an object literal or, once large, as JSON; and
 * the second minify pass over the bundle (src/build/second-minify.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../src/manifest.ts';
import { minifyAgain } from '../src/build/second-minify.ts';
import { workerManifest } from '../src/build/worker-manifest.ts';
import { createTestWorker } from '../src/testing/index.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

const route = (pattern: string, extra: Partial<Manifest['routes'][number]> = {}): Manifest['routes'][number] => ({
  pattern,
  regex: `^${pattern}$`,
  params: [],
  rest: [],
  staticPath: pattern,
  kind: 'page',
  prerender: false,
  file: `routes${pattern}.tsx`,
  isFile: false,
  ...extra,
});

describe('workerManifest', () => {
  const full: Manifest = {
    routes: [route('/a'), route('/b/[id]', { regex: '^/b/([^/]+?)$', params: ['id'], staticPath: undefined, prerender: true }), route('/feed.xml', { isFile: true, kind: 'endpoint' })],
    notFound: route('/404', { prerender: true }),
    serverError: route('/500'),
    base: '/',
    trailingSlash: 'ignore',
    output: 'static',
    middleware: true,
    cacheBinding: 'CACHE_TAGS',
    limits: { bodyBytes: 1024 * 1024, renderTimeoutMs: 30_000 },
    security: { checkOrigin: true },
  };

  it('leaves out what the request path never reads, and values it reads as their defaults', () => {
    const trimmed = workerManifest(full) as unknown as Record<string, unknown>;
    expect(Object.keys(trimmed).sort()).toEqual(['base', 'routes', 'serverError', 'trailingSlash']);
    expect(trimmed.routes).toEqual([
      { pattern: '/a', staticPath: '/a', kind: 'page', file: 'routes/a.tsx' },
      { pattern: '/b/[id]', regex: '^/b/([^/]+?)$', params: ['id'], kind: 'page', prerender: true, file: 'routes/b/[id].tsx' },
      { pattern: '/feed.xml', staticPath: '/feed.xml', kind: 'endpoint', file: 'routes/feed.xml.tsx', isFile: true },
    ]);
  });

  it('keeps limits, security and the cache binding a site changed', () => {
    const trimmed = workerManifest({ ...full, cacheBinding: 'TAGS', limits: { bodyBytes: 10, renderTimeoutMs: 30_000 }, security: { checkOrigin: false } });
    expect([trimmed.cacheBinding, trimmed.limits, trimmed.security]).toEqual(['TAGS', { bodyBytes: 10, renderTimeoutMs: 30_000 }, { checkOrigin: false }]);
  });
});

describe('the embedded manifest in a built worker', () => {
  it('a production bundle embeds the trimmed manifest, a development build the whole; dist/server/manifest.json stays whole', async () => {
    const root = makeSite(null, { 'routes/index.tsx': 'export const prerender = false;\nexport default () => <p>home</p>;\n' });
    roots.push(root);
    await build(root);
    const production = readFileSync(join(root, 'dist/server/index.js'), 'utf8');
    expect(production).toContain('routes:[{pattern:`/`');
    expect(production).not.toMatch(/\brest:\[\]|\boutput:/);
    expect(JSON.parse(readFileSync(join(root, 'dist/server/manifest.json'), 'utf8')).routes[0].rest).toEqual([]);
    await build(root, { dev: true });
    expect(readFileSync(join(root, 'dist/server/index.js'), 'utf8')).toMatch(/"?rest"?:\s*\[\]/);
  }, 60_000);

  it('a manifest of 10 KB or more is embedded as JSON, and the site answers from it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`routes/section-${i}/[slug].tsx`] = `export const prerender = false;\nexport default ({ params }: { params: { slug: string } }) => <p>${i}: {params.slug}</p>;\n`;
    const root = makeSite(null, files);
    roots.push(root);
    await build(root);
    expect(readFileSync(join(root, 'dist/server/index.js'), 'utf8')).toContain('JSON.parse(`{"routes":[');
    await using worker = await createTestWorker({ root, build: false });
    expect(await (await worker.fetch('/section-77/hello')).text()).toBe('<p>77: hello</p>');
  }, 60_000);
});

describe('the second minify pass', () => {
  it('makes a module smaller that does the same', async () => {
    const code = 'export function total(items) { let sum = 0; for (const item of items) { if (item !== undefined && item !== null) { sum = sum + item.price * item.count; } } return sum; }\n';
    const again = minifyAgain(code, false);
    expect(again.code.length).toBeLessThan(code.length);
    const { total } = (await import(`data:text/javascript,${encodeURIComponent(again.code)}`)) as { total: (items: unknown[]) => number };
    expect(total([{ price: 2, count: 3 }, null, { price: 1, count: 1 }])).toBe(7);
  });

  it('gives back what it cannot parse as it was', () => {
    const broken = 'export const a = (;\n';
    expect(minifyAgain(broken, false).code).toBe(broken);
  });
});

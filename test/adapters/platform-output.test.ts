/** What each platform deploys: the files its CLI reads, in the shapes the platform documents. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, makeSite, removeSite, REPO } from '../helpers/site.ts';

/** Runs the real wrangler, offline and without metrics. */
function wrangler(cwd: string, ...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(join(REPO, 'node_modules/.bin/wrangler'), args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
  });
  return { status: run.status, out: run.stdout + run.stderr };
}

const read = (root: string, path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));

describe('platform output', () => {
  let root: string;
  beforeAll(() => {
    root = makeSite('adapters');
  });
  afterAll(() => removeSite(root));

  it('vercel: Build Output API v3 with static files first, then one edge function', async () => {
    await build(root, { adapter: 'vercel' });
    expect(read(root, '.vercel/output/config.json')).toEqual({
      version: 3,
      // The client island's content-hashed files (islands/toggle.tsx) are immutable.
      routes: [{ src: '^/_edgepress/(.*)$', headers: { 'Cache-Control': 'public, max-age=31536000, immutable' }, continue: true }, { handle: 'filesystem' }, { src: '/(.*)', dest: '/_render' }],
    });
    expect(read(root, '.vercel/output/functions/_render.func/.vc-config.json')).toEqual({ runtime: 'edge', entrypoint: 'index.js' });
    expect(readFileSync(join(root, '.vercel/output/static/about/index.html'), 'utf8')).toContain('About adapters');
    expect(readFileSync(join(root, '.vercel/output/functions/_render.func/index.js'), 'utf8')).toBe(readFileSync(join(root, 'dist/server/index.js'), 'utf8'));
  });

  it('netlify: a publish folder and an edge function declared for every path but the static files', async () => {
    await build(root, { adapter: 'netlify' });
    const manifest = read(root, '.netlify/edge-functions/manifest.json') as { version: number; functions: Array<Record<string, unknown>> };
    expect(manifest.version).toBe(1);
    expect(manifest.functions).toHaveLength(1);
    expect(manifest.functions[0]).toMatchObject({ function: 'edgepress', path: '/*' });
    expect(manifest.functions[0]!.excludedPath).toEqual(expect.arrayContaining(['/style.css', '/about/index.html', '/404.html']));
    expect(existsSync(join(root, '.netlify/edge-functions/edgepress.js'))).toBe(true);
    expect(readFileSync(join(root, 'dist/netlify/publish/index.html'), 'utf8')).toContain('Adapters home');
  });

  it('cloudflare-kv: kv-assets.json for `wrangler kv bulk put` and an ASSETS_KV binding instead of [assets]', async () => {
    await build(root, { adapter: 'cloudflare-kv' });
    const config = read(root, 'dist/server/wrangler.json') as Record<string, unknown>;
    expect(config.assets).toBeUndefined();
    expect(config.kv_namespaces).toEqual([{ binding: 'ASSETS_KV', id: expect.any(String) }]);
    const entries = read(root, 'dist/server/kv-assets.json') as Array<{ key: string; value: string; base64?: boolean }>;
    const css = readFileSync(join(root, 'dist/client/style.css'));
    expect(entries.some((e) => e.base64 === true && Buffer.from(e.value, 'base64').equals(css))).toBe(true);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);

    // wrangler itself accepts both files: the bulk upload (locally) and the worker config.
    const put = wrangler(root, 'kv', 'bulk', 'put', 'dist/server/kv-assets.json', '--binding', 'ASSETS_KV', '--local', '--persist-to', '.wrangler/state', '-c', 'dist/server/wrangler.json');
    expect(put.status, put.out).toBe(0);
    const key = entries.find((e) => Buffer.from(e.value, 'base64').equals(css))!.key;
    const got = wrangler(root, 'kv', 'key', 'get', key, '--binding', 'ASSETS_KV', '--local', '--persist-to', '.wrangler/state', '-c', 'dist/server/wrangler.json');
    expect(got.out).toContain(css.toString());
    const dry = wrangler(root, 'deploy', '--dry-run', '-c', 'dist/server/wrangler.json', '--outdir', 'dist/.wrangler-dry-run');
    expect(dry.status, dry.out).toBe(0);
    expect(dry.out).toMatch(/env\.ASSETS_KV/);
  });

  it('server islands: no platform file, rule or 404 handling takes /_islands/* before the server code', async () => {
    const island = '/_islands/deferredwho-00000000';
    await build(root, { adapter: 'cloudflare' });
    const assets = (read(root, 'dist/server/wrangler.json') as { assets: Record<string, unknown> }).assets;
    expect(assets.not_found_handling).toBe('none');
    expect(existsSync(join(root, 'dist/client/_islands'))).toBe(false);
    await build(root, { adapter: 'vercel' });
    const routes = (read(root, '.vercel/output/config.json') as { routes: Array<{ src?: string; dest?: string }> }).routes;
    expect(routes.filter((r) => r.src && new RegExp(r.src).test(island))).toEqual([{ src: '/(.*)', dest: '/_render' }]);
    await build(root, { adapter: 'netlify' });
    const fn = (read(root, '.netlify/edge-functions/manifest.json') as { functions: Array<{ path: string; excludedPath: string[] }> }).functions[0]!;
    expect(fn.path).toBe('/*');
    expect(fn.excludedPath.filter((pattern) => pattern.startsWith('/_islands'))).toEqual([]);
  });

  it('deno: dist/server/main.js starts the module that index.js exports', async () => {
    await build(root, { adapter: 'deno' });
    expect(readFileSync(join(root, 'dist/server/main.js'), 'utf8')).toMatch(/import site from '\.\/index\.js';\s+site\.listen\(\);/);
  });
});

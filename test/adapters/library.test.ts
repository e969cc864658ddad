/**
 * The built server module as a library: user code imports dist/server/index.js and calls its
 * `fetch`, directly or mounted in a Hono app, in Node, Deno and Bun.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdapterName } from '../../src/config.ts';
import { build, makeSite, removeSite, REPO } from '../helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

async function built(adapter: AdapterName, files: Record<string, string> = {}): Promise<string> {
  const root = makeSite('adapters', files);
  roots.push(root);
  await build(root, { adapter });
  return root;
}

/** The script a user would write: mount the site under /site in a Hono app and print three answers. */
const USER_APP = `import { Hono } from 'hono';
import site from './dist/server/index.js';

const app = new Hono();
app.get('/', (c) => c.text('my app'));
app.mount('/site', site.fetch);
const out = [];
for (const path of ['/', '/site/about', '/site/visit', '/site/nope']) {
  const res = await app.request(path);
  out.push({ path, status: res.status, cookie: res.headers.get('set-cookie'), body: await res.text() });
}
console.log(JSON.stringify(out));
`;

function expectMounted(output: string): void {
  const answers = JSON.parse(output.trim().split('\n').pop()!) as Array<{ path: string; status: number; cookie: string | null; body: string }>;
  expect(answers[0]).toMatchObject({ status: 200, body: 'my app' });
  expect(answers[1]).toMatchObject({ status: 200, body: '<!doctype html><html><body><h1>About adapters</h1></body></html>' });
  expect(answers[2]).toMatchObject({ status: 200, cookie: 'visits=1; Path=/; HttpOnly; SameSite=Lax' });
  expect(answers[2]!.body).toContain('<h1>Visit 1</h1>');
  expect(answers[3]!.status).toBe(404);
  expect(answers[3]!.body).toContain('Adapter fixture 404');
}

describe('the built server module in user code', () => {
  it('Node: imported and mounted in a Hono app, without starting a server', async () => {
    const root = await built('node');
    const site = ((await import(pathToFileURL(join(root, 'dist/server/index.js')).href)) as { default: { fetch(r: Request): Promise<Response> } }).default;
    const direct = await site.fetch(new Request('http://localhost/api/time?q=lib'));
    expect(await direct.json()).toEqual({ ok: true, q: 'lib' });
    const app = new Hono();
    app.mount('/site', site.fetch);
    const res = await app.request('/site/about');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<!doctype html><html><body><h1>About adapters</h1></body></html>');
  });

  it('Node: a site built with `base` keeps its own URLs when mounted under that base', async () => {
    const root = await built('node', { 'edgepress.config.ts': "import { defineConfig } from 'edgepress';\nexport default defineConfig({ base: '/blog' });\n" });
    const site = ((await import(pathToFileURL(join(root, 'dist/server/index.js')).href)) as { default: { fetch(r: Request): Promise<Response> } }).default;
    const app = new Hono();
    app.get('/', (c) => c.text('my app'));
    app.mount('/blog', site.fetch, { replaceRequest: false });
    expect(await (await app.request('/')).text()).toBe('my app');
    const about = await app.request('/blog/about');
    expect(about.status).toBe(200);
    expect(await about.text()).toContain('About adapters');
    expect((await app.request('/blog/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const visit = await app.request('/blog/visit');
    expect(visit.headers.get('set-cookie')).toBe('visits=1; Path=/; HttpOnly; SameSite=Lax');
    expect((await app.request('/blog/nope')).status).toBe(404);
  });

  it('Deno: imported by a Deno program and mounted in Hono', async () => {
    const root = await built('deno');
    writeFileSync(join(root, 'user-app.js'), USER_APP);
    const run = spawnSync(join(REPO, 'node_modules/.bin/deno'), ['run', '-A', '--no-prompt', 'user-app.js'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    expectMounted(run.stdout);
  });

  it('Bun: imported by a Bun program and mounted in Hono, without a second server', async () => {
    const root = await built('bun');
    writeFileSync(join(root, 'user-app.js'), USER_APP);
    const run = spawnSync(join(REPO, 'node_modules/.bin/bun'), ['user-app.js'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expectMounted(run.stdout);
  });
});

/**
 * Actions at build time: a prerendered page with an action form fails the build naming the page,
 * an actions module must export `actions`, a site without one bundles no actions code, and the
 * client stubs (the esbuild plugin the client build uses) keep server code out of the browser
 * bundle and call /_actions/<name>.
 */
import { build as esbuild } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { actionsClientPlugin } from '../src/build/actions/actions-plugin.ts';
import { buildAndStart, type StartedSite } from './helpers/runtimes.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));
const site = (files: Record<string, string> = {}, fixture: string | null = 'actions'): string => {
  const root = makeSite(fixture, files);
  roots.push(root);
  return root;
};

describe('building a site with actions', () => {
  it('fails for a prerendered page that renders an action form, naming the page and the fix', async () => {
    const root = site({
      'routes/static-form.tsx': `import { actions } from '../actions';
export const prerender = true;
export default () => <form method="post" action={actions.subscribe}><button>Go</button></form>;
`,
    });
    await expect(build(root)).rejects.toThrow(/routes\/static-form\.tsx.*the action 'subscribe'.*runs on demand only.*export const prerender = false/s);
  });

  it('fails when the actions module does not export `actions`', async () => {
    const root = site({ 'actions.ts': `import { defineAction } from 'edgepress/actions';\nexport const all = { a: defineAction({ handler: () => 1 }) };\n` });
    await expect(build(root)).rejects.toThrow(/actions\.ts: must export `actions`/);
  });

  it('fails when two actions modules exist', async () => {
    const root = site({ 'actions/index.ts': 'export const actions = {};\n' });
    await expect(build(root)).rejects.toThrow(/two actions modules \(actions\.ts and actions\/index\.ts\)/);
  });

  it('a site without actions bundles none of their code (and one action costs a few KB gzip)', async () => {
    const page = { 'routes/index.tsx': 'export const prerender = false;\nexport default () => <p>hi</p>;\n' };
    const without = site(page, null);
    const plain = await build(without);
    const bundle = readFileSync(join(without, 'dist/server/index.js'), 'utf8');
    expect(bundle).not.toContain('Actions are called with POST');
    expect(bundle).not.toContain('edgepress-action');
    const withOne = site({ ...page, 'actions.ts': "import { defineAction } from 'edgepress/actions';\nexport const actions = { ping: defineAction({ handler: () => 'pong' }) };\n" }, null);
    const actions = await build(withOne);
    expect(readFileSync(join(withOne, 'dist/server/index.js'), 'utf8')).toContain('Actions are called with POST');
    console.log(`server bundle (gzip, cloudflare): ${plain.bundle.gzipBytes} B without actions, ${actions.bundle.gzipBytes} B with one (+${actions.bundle.gzipBytes - plain.bundle.gzipBytes} B)`);
  });
});

describe('client stubs', () => {
  let root: string;
  let started: StartedSite;
  let client: string;

  beforeAll(async () => {
    root = site();
    started = await buildAndStart(root, 'node');
    // The client build an island gets: the actions module swapped for stubs.
    const result = await esbuild({
      entryPoints: [join(root, 'client/island.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      plugins: [actionsClientPlugin(join(root, 'actions.ts'), `${started.origin}/`)],
    });
    client = result.outputFiles[0]!.text;
  }, 120_000);
  afterAll(() => started?.close());

  it('leave the handlers, their validators and their imports out of the browser bundle', () => {
    expect(client).not.toContain('must stay on the server');
    expect(client).not.toContain('zod');
    expect(client).not.toContain('valibot');
    expect(client).not.toContain('Subscribed');
    expect(client.length).toBeLessThan(8000);
  });

  it('call /_actions/<name> and give typed results, errors as ActionError', async () => {
    const file = join(root, 'client-bundle.mjs');
    writeFileSync(file, client);
    const island = (await import(pathToFileURL(file).href)) as typeof import('./fixtures/actions/client/island.ts');
    // A browser names the page's origin on every POST; Node's fetch does not.
    const fetch = globalThis.fetch;
    globalThis.fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), origin: started.origin } });
    onTestFinished(() => void (globalThis.fetch = fetch));
    expect(await island.greet('Lin')).toBe('Hello, Lin from ada');
    expect(await island.greet('')).toBe('error BAD_REQUEST: Say who');
    const form = new FormData();
    form.set('name', 'Ada');
    form.set('email', 'ada@example.com');
    expect(await island.subscribe(form)).toBeGreaterThan(0);
    form.set('email', 'nope');
    await expect(island.subscribe(form)).rejects.toMatchObject({ name: 'ActionError', code: 'BAD_REQUEST', fields: { email: ['Enter a valid email address'] } });
    expect(island.formUrl).toBe('?_action=subscribe');
  });
});

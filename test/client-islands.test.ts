/**
 * Client islands at build time: what a page ships (nothing without islands; a waker, and
 * modulepreload links only for islands that wake at once), the client files served as immutable
 * on every adapter, and the build failing with the chain when an island reaches server-only code
 * or is given a prop the browser cannot receive.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssetManifest } from '../src/build/asset-manifest.ts';
import { createTestWorker } from '../src/testing/index.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));
const site = (name: string | null, files: Record<string, string> = {}): string => {
  const root = makeSite(name, files);
  roots.push(root);
  return root;
};
const read = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');

const COUNTER = `import { useState } from 'hono/jsx';
export default function Counter({ start }: { start: number }) {
  const [n, setN] = useState(start);
  return <button onClick={() => setN(n + 1)}>{n}</button>;
}
`;

describe('client islands: what pages ship', () => {
  let root: string;
  beforeAll(async () => {
    root = site('client-islands');
    await build(root);
  });

  it('a page without islands has no <script> and no module link', () => {
    const html = read(root, 'dist/client/plain/index.html');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/modulepreload/);
  });

  it('a page with islands preloads what wakes at once, once, and nothing of a client:visible island', () => {
    const html = read(root, 'dist/client/index.html');
    const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]!);
    expect(new Set(preloads).size).toBe(preloads.length);
    expect(preloads.some((url) => /^\/_edgepress\/counter-[A-Z0-9]{8}\.js$/.test(url))).toBe(true);
    expect(preloads.some((url) => url.includes('/lazy-'))).toBe(false);
    expect(html).toMatch(/<edgepress-island data-c="\/_edgepress\/lazy-[A-Z0-9]{8}\.js" data-x="default" data-p="\{\}" data-w="visible">/);
    // One waker per island, all the same text: one hash in the page's policy.
    expect(html.match(/<script>/g)).toHaveLength(html.match(/<edgepress-island /g)!.length);
    expect(html.match(/<edgepress-island /g)).toHaveLength(7);
    const policy = /\/index\.html\n  content-security-policy: ([^\n]+)/.exec(read(root, 'dist/client/_headers'))![1]!;
    expect(policy.match(/'sha256-/g)).toHaveLength(1);
  });

  it('a site without islands/ writes no client files', async () => {
    const plain = site(null, { 'routes/index.tsx': 'export default () => <p>hi</p>;\n' });
    const result = await build(plain);
    expect(readdirSync(join(plain, 'dist/client'))).not.toContain('_edgepress');
    expect(result.summary).not.toContain('client islands');
  });
});

describe('client islands under a base path', () => {
  it('live under {base}_edgepress/, in the page, on disk and in the immutable rule', async () => {
    const root = site('client-islands', {
      'edgepress.config.ts': "import { defineConfig } from 'edgepress';\nexport default defineConfig({ base: '/docs/' });\n",
    });
    await build(root);
    const html = read(root, 'dist/client/docs/index.html');
    const src = /data-c="([^"]+)"/.exec(html)![1]!;
    expect(src).toMatch(/^\/docs\/_edgepress\/counter-[A-Z0-9]{8}\.js$/);
    expect(html).toContain(`<link rel="modulepreload" href="${src}">`);
    expect(read(root, `dist/client${src}`)).toContain('import');
    expect(read(root, 'dist/client/_headers')).toContain('/docs/_edgepress/*\n  Cache-Control: public, max-age=31536000, immutable');
  });
});

describe('client islands: immutable files on every adapter', () => {
  let root: string;
  beforeAll(() => {
    root = site('client-islands');
  });

  it('Workers Static Assets, Netlify and Vercel get a rule; the asset manifest (node, bun, deno, KV) marks them immutable', async () => {
    const rule = '/_edgepress/*\n  Cache-Control: public, max-age=31536000, immutable';
    await build(root, { adapter: 'cloudflare' });
    expect(read(root, 'dist/client/_headers')).toContain(rule);
    const manifest = buildAssetManifest(join(root, 'dist/client'));
    const files = Object.keys(manifest).filter((path) => path.startsWith('/_edgepress/'));
    expect(files.length).toBeGreaterThan(3);
    expect(files.filter((path) => !manifest[path]!.immutable)).toEqual([]);
    await build(root, { adapter: 'netlify' });
    expect(read(root, 'dist/netlify/publish/_headers')).toContain(rule);
    await build(root, { adapter: 'vercel' });
    const routes = (JSON.parse(read(root, '.vercel/output/config.json')) as { routes: Array<Record<string, unknown>> }).routes;
    expect(routes[0]).toEqual({ src: '^/_edgepress/(.*)$', headers: { 'Cache-Control': 'public, max-age=31536000, immutable' }, continue: true });
  });

  it('the node server answers a client file with Cache-Control: immutable', async () => {
    await build(root, { adapter: 'node' });
    await using worker = await createTestWorker({ root, runtime: 'node' });
    const html = await (await worker.fetch('/')).text();
    const src = /data-c="([^"]+)"/.exec(html)![1]!;
    const response = await worker.fetch(src);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

describe('client islands: build errors', () => {
  const failing = async (files: Record<string, string>): Promise<string> => {
    const root = site(null, { 'islands/counter.tsx': COUNTER, ...files });
    const error = await build(root).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    return error!.message;
  };
  const page = "import Counter from '../islands/counter.tsx';\nexport default () => <Counter start={1} />;\n";

  it('an island that reaches a Node builtin fails with the import chain', async () => {
    const message = await failing({
      'routes/index.tsx': page,
      'islands/counter.tsx': `import { load } from '../lib/data.ts';\n${COUNTER.replace('useState(start)', 'useState(load(start))')}`,
      'lib/data.ts': "import { readFileSync } from 'node:fs';\nexport const load = (n: number) => n + readFileSync.length;\n",
    });
    expect(message).toContain('islands/counter.tsx -> lib/data.ts -> node:fs');
    expect(message).toContain('is a client island');
    expect(message).toContain('pass it as props');
  });

  it('an island that reaches usePage (edgepress), a Workers module or a .server file fails with the chain', async () => {
    expect(
      await failing({
        'routes/index.tsx': page,
        'islands/counter.tsx': `import { who } from './_who.ts';\n${COUNTER.replace('{n}', '{n}{who()}')}`,
        'islands/_who.ts': "import { usePage } from 'edgepress';\nexport const who = () => usePage().url.pathname;\n",
      }),
    ).toContain('islands/counter.tsx -> islands/_who.ts -> edgepress');
    expect(
      await failing({
        'routes/index.tsx': page,
        'islands/counter.tsx': `import { env } from 'cloudflare:workers';\n${COUNTER.replace('{n}', '{n}{String(env)}')}`,
      }),
    ).toContain('islands/counter.tsx -> cloudflare:workers');
    expect(
      await failing({
        'routes/index.tsx': page,
        'islands/counter.tsx': `import { secret } from '../lib/keys.server.ts';\n${COUNTER.replace('{n}', '{n}{secret}')}`,
        'lib/keys.server.ts': "export const secret = 'hunter2';\n",
      }),
    ).toContain('islands/counter.tsx -> lib/keys.server.ts');
  });

  it('a function, a class instance or a symbol prop fails the prerender naming the island, the prop and the fix', async () => {
    const withProps = (props: string): string =>
      `import Counter from '../islands/counter.tsx';\nclass Point { x = 1 }\nexport default () => <Counter start={1} ${props} />;\n`;
    const fn = await failing({ 'routes/index.tsx': withProps('onPick={() => 1}') });
    expect(fn).toContain("islands/counter.tsx: the prop 'onPick' of <Counter> is a function");
    expect(fn).toContain('define functions and class instances inside the island');
    expect(await failing({ 'routes/index.tsx': withProps('at={new Point()}') })).toContain("the prop 'at' of <Counter> is a class instance");
    expect(await failing({ 'routes/index.tsx': withProps("tag={Symbol('t')}") })).toContain("the prop 'tag' of <Counter> is a symbol");
  });
});

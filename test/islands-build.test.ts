/**
 * Islands at build time: a misplaced `defer()` call and a malformed EDGEPRESS_KEY fail the build
 * naming the file and the fix; a site without `defer()` ships no islands code; islands work with
 * the JSX precompile off (here through the node build, in this process); `create-key` prints a key.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestWorker } from '../src/testing/index.ts';
import { build, makeSite, removeSite, REPO, withEnv } from './helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));
const site = (files: Record<string, string>): string => {
  const root = makeSite(null, files);
  roots.push(root);
  return root;
};

const CARD = `import { defer, usePage } from 'edgepress';
function Card({ n }: { n: number }) {
  return <b id="card">{n} for {usePage().cookies.get('who')?.value}</b>;
}
export const DeferredCard = defer(Card, { fallback: <i>wait</i> });
`;

describe('the build', () => {
  it('refuses defer() inside a function, naming the file, the line and the fix', async () => {
    const root = site({
      'routes/index.tsx': `import { defer } from 'edgepress';\nconst A = () => <p />;\nexport default function Page() {\n  const D = defer(A);\n  return <D />;\n}\n`,
    });
    await expect(build(root)).rejects.toThrow(/routes\/index\.tsx:4: defer\(\) must be called at the top level of the module and bound to a const/);
  });

  it('refuses a malformed EDGEPRESS_KEY, saying how to make one', async () => {
    const root = site({ 'routes/_card.tsx': CARD, 'routes/index.tsx': "import { DeferredCard } from './_card.tsx';\nexport default () => <DeferredCard n={1} />;\n" });
    await withEnv({ EDGEPRESS_KEY: 'too-short' }, () =>
      expect(build(root)).rejects.toThrow(/EDGEPRESS_KEY: key 1 is not 32 bytes of base64; make one with `npx edgepress create-key`/),
    );
  });

  it('refuses props that are not data, naming the prop', async () => {
    const root = site({ 'routes/_card.tsx': CARD, 'routes/index.tsx': "import { DeferredCard } from './_card.tsx';\nexport default () => <DeferredCard n={1} onClick={() => 1} />;\n" });
    await expect(build(root)).rejects.toThrow(/The props of deferred <Card> cannot be sent to its island: props\.onClick is a function/);
  });

  it('refuses props too large for an island request (64 KiB sealed)', async () => {
    const root = site({ 'routes/_card.tsx': CARD, 'routes/index.tsx': "import { DeferredCard } from './_card.tsx';\nexport default () => <DeferredCard n={1} blob={'x'.repeat(70000)} />;\n" });
    await expect(build(root)).rejects.toThrow(/The props of deferred <Card> are \d+ characters sealed, over the 65536 an island request takes/);
  });

  it('keeps a config redirect that could match an island path out of the platform rules (_redirects)', async () => {
    const root = site({
      'edgepress.config.ts': "import { defineConfig } from 'edgepress';\nexport default defineConfig({ redirects: { '/[a]/[b]': { status: 302, destination: '/x/[a]/[b]' }, '/old': { status: 301, destination: '/new' } } });\n",
      'routes/_card.tsx': CARD,
      'routes/index.tsx': "import { DeferredCard } from './_card.tsx';\nexport default () => <DeferredCard n={1} />;\n",
    });
    await build(root);
    expect(readFileSync(join(root, 'dist/client/_redirects'), 'utf8').split('\n').slice(1)).toEqual(['/old /new 301', '']);
  });

  it('ships no islands code in a site without defer()', async () => {
    const root = site({ 'routes/index.tsx': 'export const prerender = false;\nexport default () => <p>plain</p>;\n' });
    const result = await build(root);
    const bundle = readFileSync(result.bundle.file, 'utf8');
    // The handler keeps a few lines that route {base}_islands/; the cipher, loader and devalue stay out.
    expect(['AES-CTR', 'data-island', 'edgepress islands mac'].filter((text) => bundle.includes(text))).toEqual([]);
    expect(result.warnings.filter((w) => w.includes('EDGEPRESS_KEY'))).toEqual([]);
  });
});

/** A site with one deferred card on its home page, on the node build: the page and the island it names, fetched as `who`. */
async function cardSite(config: string, home: string, who: string): Promise<{ page: string; path: string; status: number; island: string }> {
  const root = site({
    'edgepress.config.ts': `import { defineConfig } from 'edgepress';\nexport default defineConfig(${config});\n`,
    'routes/_card.tsx': CARD,
    'routes/index.tsx': "import { DeferredCard } from './_card.tsx';\nexport default () => <main><DeferredCard n={3} /></main>;\n",
  });
  await using worker = await createTestWorker({ root, runtime: 'node' });
  const page = await (await worker.fetch(home)).text();
  const [, path = '', p] = /data-island="([^"]+)" data-p="([^"]+)"/.exec(page) ?? [];
  const res = await worker.fetch(`${path}?u=${encodeURIComponent(home)}&p=${p}`, { headers: { cookie: `who=${who}` } });
  return { page, path, status: res.status, island: await res.text() };
}

describe('on the node build', () => {
  it('with jsx.precompile off, writes the fallback and answers the island', async () => {
    const { page, path, status, island } = await cardSite('{ jsx: { precompile: false } }', '/', 'kim');
    expect(page).toMatch(/^<main><template data-island="[^"]+" data-p="[^"]+"><\/template><i>wait<\/i><script>/);
    expect(path).toMatch(/^\/_islands\/deferredcard-[0-9a-f]{8}$/);
    expect([status, island]).toEqual([200, '<b id="card">3 for kim</b>']);
  });

  it('under a base path, the island answers at {base}_islands/{id}', async () => {
    const { path, status, island } = await cardSite("{ base: '/shop', trailingSlash: 'always' }", '/shop/', 'lee');
    expect(path).toMatch(/^\/shop\/_islands\/deferredcard-[0-9a-f]{8}$/);
    expect([status, island]).toEqual([200, '<b id="card">3 for lee</b>']);
  });
});

describe('edgepress create-key', () => {
  it('prints 32 random bytes in base64, a new one each time, and help lists it', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/edgepress.js'), ...args], { encoding: 'utf8' });
    const [a, b] = [run('create-key'), run('create-key')];
    expect(a.status).toBe(0);
    expect(Buffer.from(a.stdout.trim(), 'base64')).toHaveLength(32);
    expect(a.stdout.trim()).not.toBe(b.stdout.trim());
    expect(a.stderr).toContain('EDGEPRESS_KEY="<new>,<old>"');
    expect(run('help').stdout).toContain('create-key');
  });
});

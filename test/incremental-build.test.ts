/** A rebuild renders again only the pages whose inputs changed, and its output is what a cold build writes. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../src/build/build-site.ts';
import type { BuildKey } from '../src/index.ts';
import { build, makeSite, removeSite, withEnv } from './helpers/site.ts';

const LAYOUT = `export const Layout = ({ title, children }) => <html><head><title>{title}</title></head><body>{children}</body></html>;\n`;

/** The blog's data: slugs and titles, given to pages as getStaticPaths props. */
const POSTS = [
  ['a', 'Post A'],
  ['b', 'Post B'],
  ['c', 'Post C'],
];

/** The blog reads its posts from data/posts.json in getStaticPaths: data outside the module graph, seen through props. */
function blogRoute(): string {
  return `import { readFileSync } from 'node:fs';
import { Layout } from '../_components/Layout.tsx';
export function getStaticPaths() {
  const posts = JSON.parse(readFileSync(process.env.BLOG_DATA ?? 'data/posts.json', 'utf8'));
  return posts.map(([slug, title]) => ({ params: { slug }, props: { title } }));
}
export default ({ props }) => <Layout title={props.title}><h1>{props.title}</h1></Layout>;
`;
}

const FILES: Record<string, string> = {
  'routes/_components/Layout.tsx': LAYOUT,
  'routes/_components/Card.tsx': 'export const Card = () => <div class="card">card v1</div>;\n',
  'routes/index.tsx': `import { Layout } from './_components/Layout.tsx';\nexport default () => <Layout title="Home"><p>home v1</p></Layout>;\n`,
  'routes/about.tsx': `import { Layout } from './_components/Layout.tsx';\nimport { Card } from './_components/Card.tsx';\nexport default () => <Layout title="About"><Card /></Layout>;\n`,
  'routes/blog/[slug].tsx': blogRoute(),
  'data/posts.json': JSON.stringify(POSTS),
  'routes/old/[n].tsx': `export function getStaticPaths() { return [{ params: { n: '1' } }, { params: { n: '2' } }]; }\nexport default ({ params }) => <p>old {params.n}</p>;\n`,
};

/** Every file under dist/client with its bytes. */
function tree(root: string, outDir = 'dist'): Record<string, string> {
  const base = join(root, outDir, 'client');
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(base, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(base);
  return out;
}

/** Empty folders under dist/client (a removed page must not leave its folder). */
function emptyFolders(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    const names = readdirSync(dir);
    if (names.length === 0) found.push(dir);
    for (const name of names) if (statSync(join(dir, name)).isDirectory()) walk(join(dir, name));
  };
  walk(join(root, 'dist/client'));
  return found;
}

describe('a rebuild', () => {
  let root: string;
  let first: BuildResult;
  const write = (file: string, content: string): void => writeFileSync(join(root, file), content);
  /** Rebuilds, and checks the output is byte for byte a cold build's (into another folder, with no record). */
  const rebuild = async (): Promise<BuildResult> => {
    const result = await build(root);
    rmSync(join(root, 'cold'), { recursive: true, force: true });
    const cold = await build(root, { outDir: 'cold' });
    expect(cold.prerendered!.kept).toBe(0);
    expect(tree(root)).toEqual(tree(root, 'cold'));
    expect(emptyFolders(root)).toEqual([]);
    return result;
  };

  beforeAll(async () => {
    root = makeSite(null, FILES);
    process.env.BLOG_DATA = join(root, 'data/posts.json');
    first = await build(root);
  }, 120_000);
  afterAll(() => {
    delete process.env.BLOG_DATA;
    removeSite(root);
  });

  it('renders every page the first time, and none when nothing changed', async () => {
    expect(first.prerendered).toMatchObject({ rendered: 7, kept: 0 });
    expect(first.summary).toContain('prerendered: 7 page(s) rendered, 0 unchanged kept from the last build');
    const again = await rebuild();
    expect(again.prerendered).toMatchObject({ rendered: 0, kept: 7 });
  }, 120_000);

  it('renders again only the page whose file changed', async () => {
    // Shorter than before: a page written over in place is cut to its new length.
    write('routes/index.tsx', FILES['routes/index.tsx']!.replace('home v1', 'h2'));
    const result = await rebuild();
    expect(result.prerendered).toMatchObject({ rendered: 1, kept: 6 });
    expect(readFileSync(join(root, 'dist/client/index.html'), 'utf8')).toMatch(/<p>h2<\/p><\/body><\/html>$/);
  }, 120_000);

  it('renders again the pages that import a changed component, and only those', async () => {
    write('routes/_components/Card.tsx', 'export const Card = () => <div class="card">card v2</div>;\n');
    const card = await rebuild();
    expect(card.prerendered).toMatchObject({ rendered: 1, kept: 6 });
    expect(readFileSync(join(root, 'dist/client/about/index.html'), 'utf8')).toContain('card v2');
    write('routes/_components/Layout.tsx', LAYOUT.replace('<body>', '<body class="v2">'));
    const layout = await rebuild();
    // Every page but old/[n].tsx's two imports the layout.
    expect(layout.prerendered).toMatchObject({ rendered: 5, kept: 2 });
    expect(readFileSync(join(root, 'dist/client/blog/c/index.html'), 'utf8')).toContain('<body class="v2">');
  }, 120_000);

  it("renders again the page whose getStaticPaths props changed, and a new entry's page", async () => {
    write('data/posts.json', JSON.stringify([POSTS[0], ['b', 'Post B, edited'], POSTS[2], ['d', 'Post D']]));
    const result = await rebuild();
    expect(result.prerendered).toMatchObject({ rendered: 2, kept: 6 });
    expect(readFileSync(join(root, 'dist/client/blog/b/index.html'), 'utf8')).toContain('Post B, edited');
    expect(readFileSync(join(root, 'dist/client/blog/d/index.html'), 'utf8')).toContain('Post D');
  }, 120_000);

  it("removes a deleted route's pages and their folders", async () => {
    rmSync(join(root, 'routes/old'), { recursive: true });
    const result = await rebuild();
    expect(result.prerendered).toMatchObject({ rendered: 0, kept: 6 });
    expect(existsSync(join(root, 'dist/client/old'))).toBe(false);
    expect(existsSync(join(root, 'dist/client/blog/a/index.html'))).toBe(true);
  }, 120_000);
});

describe('a rebuild without the record (a first build over an old dist/, a failed build before)', () => {
  it("renders every page over the last build's files, removes the pages no route makes any more, and keeps public/ files", async () => {
    const root = makeSite(null, { ...FILES, 'data/posts.json': JSON.stringify(POSTS) });
    try {
      await withEnv({ BLOG_DATA: join(root, 'data/posts.json') }, async () => {
        await build(root);
        rmSync(join(root, 'routes/old'), { recursive: true });
        writeFileSync(join(root, 'data/posts.json'), JSON.stringify(POSTS.slice(0, 2)));
        mkdirSync(join(root, 'public/blog/c'), { recursive: true });
        writeFileSync(join(root, 'public/blog/c/index.html'), '<p>now a public file</p>');
        writeFileSync(join(root, 'dist/client/stray.html'), 'not made by any build');
        rmSync(join(root, 'dist/.edgepress-cache'), { recursive: true });
        const result = await build(root);
        expect(result.prerendered).toMatchObject({ rendered: 4, kept: 0 });
        expect(readFileSync(join(root, 'dist/client/blog/c/index.html'), 'utf8')).toBe('<p>now a public file</p>');
        for (const gone of ['old/1/index.html', 'old', 'stray.html']) expect(existsSync(join(root, 'dist/client', gone)), gone).toBe(false);
        const cold = await build(root, { outDir: 'cold' });
        expect(cold.prerendered!.kept).toBe(0);
        expect(tree(root)).toEqual(tree(root, 'cold'));
        expect(emptyFolders(root)).toEqual([]);
      });
    } finally {
      removeSite(root);
    }
  }, 120_000);
});

describe('the asset manifest of a rebuild', () => {
  it("gives kept and rendered pages the size and ETag a cold build gives them (node adapter: it is in the server bundle)", async () => {
    const root = makeSite(null, { ...FILES, 'routes/old/[n].tsx': FILES['routes/old/[n].tsx']!, 'routes/blog/[slug].tsx': 'export default () => <p>x</p>;\nexport const prerender = false;\n' });
    try {
      const manifest = (dir: string): string => readFileSync(join(root, dir, 'server/index.js'), 'utf8');
      await build(root, { adapter: 'node' });
      const before = manifest('dist');
      writeFileSync(join(root, 'routes/index.tsx'), FILES['routes/index.tsx']!.replace('home v1', 'home, edited'));
      const result = await build(root, { adapter: 'node' });
      expect(result.prerendered).toMatchObject({ rendered: 1, kept: 3 });
      await build(root, { adapter: 'node', outDir: 'cold' });
      expect(manifest('dist')).not.toBe(before); // the home page's size and ETag changed
      expect(manifest('dist')).toBe(manifest('cold'));
    } finally {
      removeSite(root);
    }
  }, 120_000);
});

describe('a page that reads data while rendering', () => {
  let root: string;
  const data = (): string => join(root, 'data.txt');
  beforeAll(() => {
    root = makeSite(null, { 'data.txt': 'one', 'routes/plain.tsx': 'export default () => <p>plain</p>;\n' });
    writeFileSync(
      join(root, 'routes/index.tsx'),
      `import { readFileSync } from 'node:fs';\nexport default () => <p>{readFileSync(${JSON.stringify(data())}, 'utf8')}</p>;\n`,
    );
    writeFileSync(join(root, 'routes/fetched.tsx'), "export default async () => <p>{await (await fetch('data:text/plain,fetched')).text()}</p>;\n");
  });
  afterAll(() => removeSite(root));

  it('is rendered again by every build (a file read, a fetch), unless its route exports buildKey', async () => {
    expect((await build(root)).prerendered).toMatchObject({ rendered: 3, kept: 0 });
    writeFileSync(data(), 'two');
    const second = await build(root);
    expect(second.prerendered).toMatchObject({ rendered: 2, kept: 1 });
    expect(readFileSync(join(root, 'dist/client/index.html'), 'utf8')).toBe('<p>two</p>');
    expect(readFileSync(join(root, 'dist/client/fetched/index.html'), 'utf8')).toBe('<p>fetched</p>');

    // buildKey: the route says which version of its data a page shows; same key, same page.
    const typed: BuildKey<{ n: string }> = async ({ params }) => ({ n: params.n, revision: 2 });
    expect(await (typed as (ctx: { params: { n: string }; props: Record<string, unknown> }) => Promise<unknown>)({ params: { n: '1' }, props: {} })).toEqual({ n: '1', revision: 2 });
    const route = readFileSync(join(root, 'routes/index.tsx'), 'utf8');
    writeFileSync(join(root, 'routes/index.tsx'), `${route}export const buildKey = () => 'data v2';\n`);
    expect((await build(root)).prerendered).toMatchObject({ rendered: 2, kept: 1 });
    writeFileSync(data(), 'three');
    expect((await build(root)).prerendered).toMatchObject({ rendered: 1, kept: 2 });
    expect(readFileSync(join(root, 'dist/client/index.html'), 'utf8')).toBe('<p>two</p>');
    writeFileSync(join(root, 'routes/index.tsx'), `${route}export const buildKey = () => 'data v3';\n`);
    expect((await build(root)).prerendered).toMatchObject({ rendered: 2, kept: 1 });
    expect(readFileSync(join(root, 'dist/client/index.html'), 'utf8')).toBe('<p>three</p>');
  }, 120_000);
});

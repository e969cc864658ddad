/** Prerendering on worker threads: many pages, the same files and the same failures as on the main thread. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../src/build/build-site.ts';
import { threadCount } from '../src/build/prerender-pool.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';

const PAGES = 300;

// 300 pages would render on the main thread alone (a thread pays from PAGES_PER_THREAD on): one is asked for.
beforeAll(() => {
  process.env.EDGEPRESS_PRERENDER_THREADS = '1';
});
afterAll(() => {
  delete process.env.EDGEPRESS_PRERENDER_THREADS;
});

/** A dynamic route of PAGES pages; `extra` is added to the page module. */
function pagesRoute(body: string, extra = ''): string {
  return `${extra}
export function getStaticPaths() {
  return Array.from({ length: ${PAGES} }, (_, i) => ({ params: { n: String(i + 1) }, props: { label: 'page-' + (i + 1), tags: new Set(['a', 'b']), at: new Date(Date.UTC(2026, 0, 1 + (i % 28))) } }));
}
export default ({ params, props }) => ${body};
`;
}

describe('a site of 300 pages', () => {
  let root: string;
  let result: BuildResult;
  beforeAll(async () => {
    root = makeSite(null, {
      'routes/index.tsx': 'export default () => <p>home</p>;\n',
      'routes/n/[n].tsx': pagesRoute('<main><h1>{props.label}</h1><p>{params.n} {[...props.tags].join(",")} {props.at.toISOString().slice(0, 10)}</p></main>'),
    });
    result = await build(root);
  }, 120_000);
  afterAll(() => removeSite(root));

  it('renders on the main thread and the worker thread asked for', () => {
    expect(result.prerendered).toMatchObject({ rendered: PAGES + 1, kept: 0, threads: 1 });
    expect(result.summary).toContain(`prerendered: ${PAGES + 1} page(s) rendered, 0 unchanged kept from the last build (main thread + 1 worker thread)`);
  });

  it('writes every page with its props intact (Set and Date cross to the thread)', () => {
    expect(result.pages).toHaveLength(PAGES + 1);
    for (const n of [1, 150, PAGES]) {
      const html = readFileSync(join(root, `dist/client/n/${n}/index.html`), 'utf8');
      expect(html).toBe(`<main><h1>page-${n}</h1><p>${n} a,b 2026-01-${String(1 + ((n - 1) % 28)).padStart(2, '0')}</p></main>`);
    }
  });
});

describe('threadCount', () => {
  it('uses one thread per other core, one per 1,000 pages beyond the first 1,000, unless told how many', () => {
    delete process.env.EDGEPRESS_PRERENDER_THREADS;
    try {
      expect(threadCount(20_000, 2)).toBe(1);
      expect(threadCount(20_000, 4)).toBe(3);
      expect(threadCount(2_500, 8)).toBe(1);
      expect(threadCount(1_002, 2)).toBe(0);
      expect(threadCount(5_000, 1)).toBe(0);
      process.env.EDGEPRESS_PRERENDER_THREADS = '0';
      expect(threadCount(20_000, 4)).toBe(0);
      process.env.EDGEPRESS_PRERENDER_THREADS = '2';
      expect(threadCount(300, 2)).toBe(2);
      expect(threadCount(0, 2)).toBe(0);
    } finally {
      process.env.EDGEPRESS_PRERENDER_THREADS = '1';
    }
  });
});

describe('a page that fails on a worker thread', () => {
  it('fails the build naming the route and the path', async () => {
    const root = makeSite(null, { 'routes/n/[n].tsx': pagesRoute('(() => { if (params.n === "250") throw new Error("no data for 250"); return <p>{params.n}</p>; })()') });
    try {
      const error = await build(root).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe('BuildError');
      expect(error?.message).toBe('routes/n/[n].tsx: failed to prerender /n/250: Error: no data for 250');
    } finally {
      removeSite(root);
    }
  }, 120_000);

  it('fails the build naming the route and the path when the error is thrown on the thread itself', async () => {
    const root = makeSite(null, { 'routes/n/[n].tsx': pagesRoute('(() => { if (!isMainThread) throw new Error("on a thread"); return <p>{params.n}</p>; })()', "import { isMainThread } from 'node:worker_threads';") });
    try {
      const error = await build(root).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.name).toBe('BuildError');
      expect(error?.message).toMatch(/^routes\/n\/\[n\]\.tsx: failed to prerender \/n\/\d+: Error: on a thread$/);
    } finally {
      removeSite(root);
    }
  }, 120_000);

  it('answers a status other than 200: the build fails with the fix', async () => {
    const site = makeSite(null, {
      'routes/n/[n].tsx': `export function getStaticPaths() { return Array.from({ length: ${PAGES} }, (_, i) => ({ params: { n: String(i + 1) } })); }
export default ({ params, response }) => { if (params.n === '${PAGES - 1}') response.status = 410; return <p>{params.n}</p>; };
`,
    });
    try {
      const error = await build(site).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toBe(
        `routes/n/[n].tsx: prerendering /n/${PAGES - 1} answered 410; a prerendered route must answer 200 (or a redirect). Make it on demand with \`export const prerender = false\` to vary the status per request.`,
      );
    } finally {
      removeSite(site);
    }
  }, 120_000);
});

describe('pages whose props are not plain data', () => {
  it('render on the main thread with their props as given (a class instance keeps its methods), redirects too', async () => {
    const root = makeSite(null, {
      'routes/n/[n].tsx': `class Item { constructor(n) { this.n = n; } title() { return 'Item ' + this.n; } }
export function getStaticPaths() {
  return Array.from({ length: ${PAGES} }, (_, i) => ({ params: { n: String(i + 1) }, props: i % 2 ? { item: new Item(i + 1) } : { plain: i + 1 } }));
}
export default ({ params, props, redirect }) => params.n === '3' ? redirect('/n/4', 301) : <p>{props.item ? props.item.title() : 'plain ' + props.plain}</p>;
`,
    });
    try {
      const result = await build(root);
      expect(readFileSync(join(root, 'dist/client/n/2/index.html'), 'utf8')).toBe('<p>Item 2</p>');
      expect(readFileSync(join(root, 'dist/client/n/5/index.html'), 'utf8')).toBe('<p>plain 5</p>');
      expect(readFileSync(join(root, 'dist/client/n/3/index.html'), 'utf8')).toContain('<meta http-equiv="refresh" content="0;url=/n/4">');
      expect(result.warnings).toContain('routes/n/[n].tsx: /n/3 redirects (301); written as a meta-refresh page.');
      expect(existsSync(join(root, `dist/client/n/${PAGES}/index.html`))).toBe(true);
    } finally {
      removeSite(root);
    }
  }, 120_000);
});

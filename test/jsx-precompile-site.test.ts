/**
 * The JSX precompile through the public surface: a site built with it (the default) and
 * without it (`jsx: { precompile: false }`) answers the same bytes in workerd; the summary
 * counts what compiled; bad config values fail the build; a static page is one body.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timedGet } from './helpers/raw-http.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';
import { startWorkerd, type RunningSite } from './helpers/workerd.ts';
import type { BuildResult } from '../src/build/build-site.ts';

const EXTRA = {
  'routes/all-static.tsx': `export const prerender = false;
export default () => (
  <html lang="en">
    <head><title>Static &amp; compiled</title></head>
    <body class="page"><h1>Nothing dynamic</h1><p>Every element of this page compiles into one string.</p></body>
  </html>
);
`,
};
const OFF = { 'edgepress.config.ts': 'export default { jsx: { precompile: false } };\n' };

interface Built {
  root: string;
  result: BuildResult;
  site: RunningSite;
}
const on = {} as Built;
const off = {} as Built;

beforeAll(async () => {
  for (const [target, files] of [[on, EXTRA], [off, { ...EXTRA, ...OFF }]] as const) {
    target.root = makeSite('streaming', files);
    target.result = await build(target.root);
    target.site = await startWorkerd(target.root);
  }
});
afterAll(async () => {
  for (const target of [on, off]) {
    await target.site?.dispose();
    if (target.root) removeSite(target.root);
  }
});

describe('a site built with and without the JSX precompile', () => {
  it('answers every page with the same bytes', async () => {
    for (const path of ['/siblings', '/boundaries', '/whoami?u=ann', '/live-article', '/static-article', '/all-static']) {
      const [a, b] = await Promise.all([on.site.fetch(path), off.site.fetch(path)]);
      expect(a.status, path).toBe(b.status);
      const [html, expected] = await Promise.all([a.text(), b.text()]);
      if (path === '/boundaries') {
        // The order Suspense tails arrive in is timing; everything before them is fixed.
        expect(html.slice(0, html.indexOf('<template data-hono-target'))).toBe(expected.slice(0, expected.indexOf('<template data-hono-target')));
      } else expect(html, path).toBe(expected);
    }
  });

  it('prerenders the same files', () => {
    const page = (root: string) => readFileSync(join(root, 'dist/client/static-article/index.html'), 'utf8');
    expect(page(on.root)).toBe(page(off.root));
  });

  it('says in the summary what compiled, and ships the markup as strings', () => {
    expect(on.result.jsx!.compiled).toBeGreaterThan(20);
    expect(on.result.jsx!.fallback).toEqual({});
    expect(on.result.summary).toMatch(/jsx precompile: \d+ elements compiled into \d+ templates, 0 kept as runtime calls/);
    expect(off.result.jsx).toBeUndefined();
    expect(off.result.summary).toContain('jsx precompile: off');
    const code = (root: string) => readFileSync(join(root, 'dist/server/index.js'), 'utf8');
    expect(code(on.root)).toContain('<h1>Nothing dynamic</h1><p>Every element of this page compiles into one string.</p>');
    expect(code(off.root)).not.toContain('<h1>Nothing dynamic</h1>');
  });

  it('sends a page that compiled to one string as one body, not a chunked stream', async () => {
    const res = await timedGet(on.site.url, '/all-static');
    expect(res.status).toBe(200);
    expect(res.headers).toMatch(/content-length: \d+/i);
    expect(res.headers).not.toMatch(/transfer-encoding: chunked/i);
    expect(res.body).toBe(
      '<!doctype html><html lang="en"><head><title>Static &amp; compiled</title></head><body class="page"><h1>Nothing dynamic</h1><p>Every element of this page compiles into one string.</p></body></html>',
    );
  });

  it('still streams async components inside a compiled page in order, the head first', async () => {
    const res = await timedGet(on.site.url, '/siblings');
    expect(res.chunks[0]!.text).toBe('<!doctype html><html><body><header>first</header>');
    expect(res.body.endsWith('<section id="s3">done 3 of 3</section><footer>last</footer></body></html>')).toBe(true);
  });
});

describe('the jsx config', () => {
  const failures: Array<[string, string]> = [
    ["{ jsx: { precompile: 'no' } }", '`jsx.precompile` is "no"; use true or false.'],
    ['{ jsx: false }', '`jsx` is false; use an object such as `jsx: { precompile: false }`.'],
    ['{ jsx: { precompiled: false } }', 'unknown option `jsx.precompiled`; the only one is precompile.'],
  ];
  for (const [config, message] of failures) {
    it(`rejects ${config} with a BuildError naming the fix`, async () => {
      const root = makeSite(null, { 'routes/index.tsx': 'export default () => <p>x</p>;\n', 'edgepress.config.ts': `export default ${config};\n` });
      try {
        const error = await build(root).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error?.name).toBe('BuildError');
        expect(error?.message).toBe(`edgepress.config.ts: ${message}`);
      } finally {
        removeSite(root);
      }
    });
  }
});

/**
 * Compiled JSX renders the same bytes as runtime JSX: test/fixtures/precompile/trees.tsx is
 * bundled with the precompile transform, without it (the server's JSX runtime), and with hono's
 * own JSX runtime, and every tree is rendered by the bundled renderer of each.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrecompileCache } from '../src/build/jsx/precompile-plugin.ts';
import type { PrecompileStats } from '../src/build/jsx/precompile.ts';
import { bundleWithRenderer } from './helpers/precompile-bundle.ts';
import { REPO } from './helpers/site.ts';

const FIXTURE = join(REPO, 'test/fixtures/precompile');
const TMP = join(REPO, 'test/.tmp');

type TreesBundle = Awaited<ReturnType<typeof bundleWithRenderer<{ trees: Record<string, () => unknown> }>>>;

let dir: string;
const bundles: { compiled?: TreesBundle; runtime?: TreesBundle; hono?: TreesBundle } = {};
let stats: PrecompileStats;

async function bundleTrees(name: string, cache: PrecompileCache | undefined, jsx?: 'hono'): Promise<TreesBundle> {
  return bundleWithRenderer<{ trees: Record<string, () => unknown> }>(join(FIXTURE, 'trees.tsx'), 'trees', join(dir, `${name}.mjs`), cache, jsx);
}

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  dir = mkdtempSync(join(TMP, 'precompile-'));
  const cache = new PrecompileCache();
  bundles.compiled = await bundleTrees('compiled', cache);
  bundles.runtime = await bundleTrees('runtime', undefined);
  bundles.hono = await bundleTrees('hono', undefined, 'hono');
  stats = cache.totals();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The whole output, the errors reported after the first byte, or what was thrown before it. */
async function render(bundle: TreesBundle, name: string): Promise<string> {
  const errors: string[] = [];
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = bundle.renderHtmlStream(bundle.trees[name]!(), { onError: (e) => errors.push(String(e)) });
  } catch (error) {
    return `threw before the first byte: ${String(error)}`;
  }
  const html = await new Response(stream).text();
  return errors.length ? `${html}\nerrors: ${errors.join('; ')}` : html;
}

/** `String(node)`: hono's own toString() for its nodes, the renderer's for the server runtime's and compiled templates. */
async function honoString(bundle: TreesBundle, name: string): Promise<string> {
  return String(await (bundle.trees[name]!() as { toString(): string | Promise<string> }).toString());
}

const names = Object.keys(await import('./fixtures/precompile/trees.tsx').then((m) => m.trees));

describe('compiled JSX renders byte for byte what runtime JSX renders', () => {
  for (const name of names) {
    it(name, async () => {
      const compiled = await render(bundles.compiled!, name);
      const runtime = await render(bundles.runtime!, name);
      expect(compiled).toBe(runtime);
      // The server's JSX runtime renders what hono's nodes render.
      expect(runtime).toBe(await render(bundles.hono!, name));
    });
  }

  it('the trees really were compiled, and the uncertain ones really fell back', () => {
    expect(stats.compiled).toBeGreaterThan(100);
    expect(stats.fallback).toEqual({
      'spread props': 4,
      'children prop': 1,
      'dangerouslySetInnerHTML prop': 2,
      'children of a void element': 3,
      // <script> and <style> get the response's CSP nonce from the renderer.
      'script or style (CSP nonce)': 3,
      // hono rewrites precedence, blocking and itemProp depending on the other props and on <head>.
      'metadata props (precedence, blocking, itemProp)': 2,
    });
    // The large page's row is one string with a hole for the number, not six nodes.
    expect(bundles.compiled!.code).toMatch(/<li class=\\?"item\\?">row /);
    expect(bundles.runtime!.code).not.toMatch(/<li class=\\?"item\\?">row /);
    expect(bundles.runtime!.code).not.toContain('__edgepress_m(');
  });

  it('a few outputs, spelled out', async () => {
    expect(await render(bundles.compiled!, 'svg names depend on where a component renders')).toBe(
      '<div><svg><path stroke-linecap="round" stroke-width="2" fill-rule="evenodd" d="M0 0"></path><g stroke-opacity="0.5"><path stroke-linecap="round" stroke-width="2" fill-rule="evenodd" d="M0 0"></path></g></svg>' +
        '<path strokeLinecap="round" strokeWidth="2" fillRule="evenodd" d="M0 0"></path><path strokeLinecap="round"></path></div>',
    );
    expect(await render(bundles.compiled!, 'fragment root starting a document')).toBe('<!doctype html><html><body>x</body></html>');
    expect(await render(bundles.compiled!, 'a function prop that is not a handler throws')).toBe('<div><b>caught</b></div>');
    expect(await render(bundles.compiled!, 'html entities and whitespace')).toBe(
      "<p>a &amp; b \u00a0 © © &#39; &amp;foo; &lt;tag&gt; second   line\twith tab  kept  last <b>x</b> <i>y</i></p>",
    );
  });
});

describe("String(node) of compiled JSX and of the server's JSX runtime is hono's toString() of its own nodes", () => {
  const sync = ['style objects', 'text escaping', 'numbers, booleans, null, arrays', 'renamed and boolean attributes', 'svg attribute names', 'key and ref', 'components with compiled children', 'context providers', 'html entities and whitespace', 'promises as children'];
  for (const name of sync) {
    it(name, async () => {
      const expected = await honoString(bundles.hono!, name);
      expect(await honoString(bundles.compiled!, name)).toBe(expected);
      expect(await honoString(bundles.runtime!, name)).toBe(expected);
    });
  }
});

/**
 * The server's JSX runtime (src/runtime/render/jsx-runtime.ts, what `hono/jsx/jsx-runtime` is in a
 * server bundle): its nodes look like hono's, and `String(node)` renders them with the renderer.
 * Output parity with hono's nodes is test/render-parity.test.ts, test/jsx-precompile.test.ts and the
 * property test; this pins down the node and `String(node)` themselves.
 */
import { isValidElement, Suspense } from 'hono/jsx';
import { html } from 'hono/html';
import { Fragment as HonoFragment, jsx as honoJsx } from 'hono/jsx/jsx-runtime';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleWithRenderer } from './helpers/precompile-bundle.ts';
import { REPO } from './helpers/site.ts';
import { Fragment, jsx } from '../src/runtime/render/jsx-runtime.ts';
import { renderHtmlStream } from '../src/runtime/render/html-stream.ts';

const later = <T,>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 2));

describe("the server's JSX runtime", () => {
  it('makes nodes with the fields hono has', () => {
    const ref = { current: null };
    const node = jsx('a', { href: '/x', ref, children: 'x' }, 'k');
    expect([node.tag, node.type, node.key, node.ref, node.children, node.isEscaped]).toEqual(['a', 'a', 'k', ref, ['x'], true]);
    expect(node.props).toEqual({ href: '/x', ref, children: 'x' });
    expect(isValidElement(node)).toBe(true);
    expect(jsx('ul', { children: [1, 2] }).children).toEqual([1, 2]);
    expect(jsx('br', {}).children).toEqual([]);
  });

  it('refuses a tag name hono refuses, when the element is made', () => {
    expect(() => jsx('a b', {})).toThrow('Invalid JSX tag name: a b');
    expect(() => honoJsx('a b', {})).toThrow('Invalid JSX tag name: a b');
  });

  it('String(node) is the HTML, synchronously when nothing waits, as hono gives it', () => {
    const tree = () => (j: typeof jsx, F: unknown) =>
      j('div', { class: 'c', children: [j(F as never, { children: ['a', j('b', { children: 1 })] }), j('svg', { strokeWidth: 2, children: j('title', { children: 't' }) })] });
    const ours = String(tree()(jsx, Fragment));
    expect(ours).toBe('<div class="c">a<b>1</b><svg stroke-width="2"><title>t</title></svg></div>');
    expect(ours).toBe(String(tree()(honoJsx as unknown as typeof jsx, HonoFragment)));
    // No doctype: that is the page renderer's, at the start of a document.
    expect(String(jsx('html', { children: jsx('body', {}) }))).toBe('<html><body></body></html>');
  });

  it('String(node) of a tree that waits is a Promise of the escaped HTML; a Suspense writes its content in place', async () => {
    const Late = async () => jsx('p', { children: await later('late') });
    const node = jsx('div', { children: [jsx(Late, {}), jsx(Suspense as never, { fallback: 'wait', children: jsx(Late, {}) })] });
    const result = node.toString();
    expect(result).toBeInstanceOf(Promise);
    const text = await result;
    expect(String(text)).toBe('<div><p>late</p><p>late</p></div>');
    expect((text as unknown as { isEscaped?: boolean }).isEscaped).toBe(true);
  });

  it("hono's html helper takes our nodes as HTML", async () => {
    expect(String(html`<main>${jsx('i', { children: '<x>' })}</main>`)).toBe('<main><i>&lt;x&gt;</i></main>');
  });

  it("renders hono's nodes and ours mixed, in a page", async () => {
    const tree = jsx('div', { children: [honoJsx('form', { action: 'x', children: jsx('input', { disabled: true }) }), jsx('title', { precedence: 'p', children: 't' })] });
    const text = await new Response(renderHtmlStream(tree, { onError: (e) => { throw e; } })).text();
    expect(text).toBe('<div><form action="x"><input disabled=""/></form><title>t</title></div>');
  });

  it("a bundle marks hono's intrinsic components, so a <script> made by hono's jsx() gets the CSP nonce as ours does", async () => {
    mkdirSync(join(REPO, 'test/.tmp'), { recursive: true });
    const dir = mkdtempSync(join(REPO, 'test/.tmp/intrinsics-'));
    try {
      const file = join(dir, 'tree.tsx');
      writeFileSync(file, "import { jsx } from 'hono/jsx';\nexport const tree = () => <div>{jsx('script', { src: '/a.js' })}<script src=\"/b.js\" /></div>;\n");
      const bundle = await bundleWithRenderer<{ tree: () => unknown }>(file, 'tree', join(dir, 'out.mjs'), undefined);
      const stream = bundle.renderHtmlStream(bundle.tree(), { onError: (e: unknown) => { throw e; }, nonce: 'n1' } as never);
      expect(await new Response(stream).text()).toBe('<div><script src="/a.js" nonce="n1"></script><script src="/b.js" nonce="n1"></script></div>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Random JSX trees for the differential test (test/render-property.test.tsx): a generator of
 * tree descriptions and a builder that makes a fresh JSX tree from one, three ways: runtime JSX
 * as hono renders it, runtime JSX as the walker gets it, and compiled templates (each intrinsic
 * element a template, attributes and children as holes, as the build's precompile writes them;
 * metadata tags with hoisting props, `<script>` and `<style>` stay runtime calls, as there).
 */
import fc from 'fast-check';
import { createContext, ErrorBoundary, Fragment as HonoFragment, Suspense, use, useActionState, useContext } from 'hono/jsx';
import { jsx as honoJsx } from 'hono/jsx/jsx-runtime';
import { raw } from 'hono/html';
import { SVG_INHERIT, SVG_YES, templateMeta, type HoleSpec } from '../../src/runtime/render/template.ts';
import { template } from '../../src/runtime/render/template-node.ts';
import { Fragment as LeanFragment, jsx as leanJsx } from '../../src/runtime/render/jsx-runtime.ts';

type Attrs = Array<[string, unknown]>;
type Fallback = { kind: 'node'; node: Node } | { kind: 'render' } | { kind: 'thenable'; node: Node };

export type Node =
  | { kind: 'text'; value: string | number | boolean | null | undefined }
  | { kind: 'raw'; html: string }
  /** A raw string whose callback fills a marker in it through the buffer. */
  | { kind: 'callback'; text: string }
  | { kind: 'element'; tag: string; attrs: Attrs; children: Node[] }
  | { kind: 'metadata'; tag: 'title' | 'meta' | 'link' | 'script' | 'style'; attrs: Attrs; text: string }
  | { kind: 'fragment'; children: Node[] }
  | { kind: 'component'; async: boolean; fails: boolean; children: Node[] }
  | { kind: 'provider'; value: string; children: Node[] }
  /** A component that reads the context (inside an async component: after its await). */
  | { kind: 'read'; afterAwait: boolean }
  | { kind: 'suspense'; fallback: Node; children: Node[] }
  | { kind: 'boundary'; fallback: Fallback; children: Node[] }
  /** A component that suspends: hono's use() on a promise, or a thrown thenable (hono's copy gets use()). */
  | { kind: 'suspends'; how: 'use' | 'thenable'; ms: number; rejects: boolean; value: string };

/** hono's JSX rendered by hono, hono's JSX rendered by the walker, the server's JSX runtime, and templates with it (as a build makes them). */
export type Mode = 'hono' | 'runtime' | 'lean' | 'compiled';

const VOID = new Set(['br', 'img', 'input', 'hr']);
const TAGS = ['div', 'span', 'p', 'ul', 'li', 'a', 'b', 'section', 'button', 'label', 'pre', 'textarea', 'svg', 'path', 'br', 'img', 'input', 'hr', 'form'];
const ATTRS = ['id', 'class', 'className', 'title', 'data-x', 'aria-label', 'href', 'style', 'hidden', 'disabled', 'tabIndex', 'htmlFor', 'value', 'checked', 'viewBox', 'strokeWidth', 'fillRule', 'onclick', 'action', 'formAction'];
const tricky = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '<', '>', '&', '"', "'", '&amp;', '\u00e9', '\u{1F600}', '\u200b', '\\', '/', '=', '\n', '{', '}', '`'), maxLength: 12 });

/** Style values hono keeps (quoted, escaped, bracketed) and drops (unclosed, `;` or braces outside quotes). */
const styleValue = fc.oneof(
  fc.constantFrom(
    '"DejaVu Sans Mono", monospace', '"a;b"', 'url("x.png")', "url('a b.png')", '"esc\\"aped"', '[a] 1fr', 'calc(1px + 2px)', '/* c */ red',
    'red;x', "'unterminated", '"line\nbreak"', '\\', '/* open', '(', 'a)b', '{x}', 'rgb(1, 2, 3)', '"<&>"',
  ),
  tricky,
  fc.integer({ min: 0, max: 40 }),
  fc.constantFrom(1.5, null),
);
const style = fc.dictionary(fc.constantFrom('fontFamily', 'content', 'backgroundImage', 'color', 'gridArea', '--x', 'fontSize', 'lineHeight', 'zIndex'), styleValue, { maxKeys: 4 });

const [, permalinkAction] = useActionState(async () => 0, 0, '/permalink?a=1&b="2"');
const plainAction = (): void => {};

function attrValue(key: string): fc.Arbitrary<unknown> {
  if (key === 'style') return fc.oneof(style, tricky);
  if (key === 'action' || key === 'formAction') return fc.constantFrom<unknown>(permalinkAction, plainAction, '/submit', undefined);
  return fc.oneof(tricky, fc.integer({ min: -5, max: 1000 }), fc.double({ noNaN: true, min: -10, max: 10 }), fc.boolean(), fc.constantFrom(null, undefined, ''));
}
const attrs = fc.uniqueArray(fc.constantFrom(...ATTRS).chain((key) => fc.tuple(fc.constant(key), attrValue(key))), { maxLength: 4, selector: (a) => a[0] });

/** hono throws for a function prop other than a form's action (formAction of a button or input) and handlers: kept to those. */
function formActionsOnly(tag: string, list: Attrs): Attrs {
  return list.filter(([key, v]) => typeof v !== 'function' || key === 'onclick' || (key === 'action' ? tag === 'form' : key === 'formAction' && (tag === 'button' || tag === 'input')));
}

const hoisting = fc.record({ precedence: fc.constantFrom('p', ''), blocking: fc.constant('render'), itemProp: fc.constant('i') }, { requiredKeys: [] });
const metadata: fc.Arbitrary<Node> = fc.oneof(
  fc.record({ tag: fc.constant('title' as const), extra: hoisting }),
  fc.record({ tag: fc.constant('meta' as const), extra: hoisting }).map((m) => ({ ...m, base: { name: 'n', content: 'c' } })),
  fc.record({ tag: fc.constant('link' as const), extra: hoisting, rel: fc.constantFrom('stylesheet', 'icon', 'preload'), disabled: fc.boolean() }),
  fc.record({ tag: fc.constant('script' as const), extra: hoisting, src: fc.boolean(), async: fc.boolean() }),
  fc.record({ tag: fc.constant('style' as const), extra: hoisting, href: fc.boolean() }),
).map((m): Node => {
  const base: Record<string, unknown> = { ...('base' in m ? m.base : {}) };
  if ('rel' in m) Object.assign(base, { rel: m.rel, href: '/l' }, m.disabled ? { disabled: true } : {});
  if ('src' in m && m.src) base.src = '/s.js';
  if ('async' in m && m.async) base.async = true;
  if ('href' in m && m.href) base.href = '/h.css';
  return { kind: 'metadata', tag: m.tag, attrs: Object.entries({ ...base, ...m.extra }), text: m.tag === 'title' || m.tag === 'script' || m.tag === 'style' ? 'x<y' : '' };
});

/** hono renders svg children in a name-space provider (two quirks we do not copy, docs/DESIGN.md): plain elements only there. */
function plainSvgChild(node: Node): boolean {
  return node.kind === 'element' && node.children.every(plainSvgChild);
}
function element(tag: string, list: Attrs, children: Node[]): Node {
  return { kind: 'element', tag, attrs: formActionsOnly(tag, list), children: VOID.has(tag) ? [] : tag === 'svg' ? children.filter(plainSvgChild) : children };
}

const leaf = fc.oneof(
  fc.oneof(tricky, fc.integer(), fc.boolean(), fc.constantFrom(null, undefined, 0, '')).map((value): Node => ({ kind: 'text', value })),
  fc.constantFrom('<i>raw</i>', '', '&amp;').map((html): Node => ({ kind: 'raw', html })),
  tricky.map((text): Node => ({ kind: 'callback', text })),
  fc.constant<Node>({ kind: 'read', afterAwait: false }),
);
const suspends = fc.record({ how: fc.constantFrom('use' as const, 'thenable' as const), ms: fc.integer({ min: 0, max: 3 }), rejects: fc.boolean(), value: tricky }).map((s): Node => ({ kind: 'suspends', ...s }));
const fallbackNode = leaf.map((node): Node => ({ kind: 'element', tag: 'i', attrs: [], children: [node] }));
const fallback: fc.Arbitrary<Fallback> = fc.oneof(
  fallbackNode.map((node): Fallback => ({ kind: 'node', node })),
  fc.constant<Fallback>({ kind: 'render' }),
  fallbackNode.map((node): Fallback => ({ kind: 'thenable', node })),
);

/**
 * Children a boundary renders synchronously, some suspending. Only synchronous nodes: hono's
 * boundary renders its children again after a suspension and prints what is still pending
 * then (an async component, an inner boundary) as `[object Promise]` (docs/DESIGN.md).
 */
const suspending = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    suspends,
    fc.record({ tag: fc.constantFrom('div', 'span', 'b'), attrs, children: fc.array(tie('node'), { maxLength: 3 }) }).map((e) => element(e.tag, e.attrs, e.children)),
    fc.record({ fails: fc.boolean(), children: fc.array(tie('node'), { maxLength: 2 }) }).map((c): Node => ({ kind: 'component', async: false, fails: c.fails && c.children.length === 0, children: c.children })),
    fc.record({ value: fc.constantFrom('p1', 'p<2>'), children: fc.array(tie('node'), { maxLength: 2 }) }).map((p): Node => ({ kind: 'provider', ...p })),
  ),
})).node;

/** Any tree: elements, metadata tags, components (async, failing), providers, Suspense and ErrorBoundary (nested). */
export const tree = fc.letrec<{ node: Node }>((tie) => {
  const children = fc.oneof(fc.array(tie('node'), { maxLength: 3 }), fc.array(suspending, { minLength: 1, maxLength: 3 }));
  return {
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      metadata,
      fc.record({ tag: fc.constantFrom(...TAGS), attrs, children: fc.array(tie('node'), { maxLength: 4 }) }).map((e) => element(e.tag, e.attrs, e.children)),
      fc.array(tie('node'), { maxLength: 4 }).map((c): Node => ({ kind: 'fragment', children: c })),
      fc
        .record({ action: attrValue('action'), formAction: attrValue('formAction'), input: fc.boolean(), children: fc.array(tie('node'), { maxLength: 2 }) })
        .map((f) => element('form', [['action', f.action]], [element(f.input ? 'input' : 'button', [['formAction', f.formAction]], []), ...f.children])),
      fc.record({ async: fc.boolean(), fails: fc.boolean(), children: fc.array(tie('node'), { maxLength: 3 }) }).map((c): Node => ({ kind: 'component', ...c, fails: c.fails && c.children.length === 0 })),
      fc.record({ value: fc.constantFrom('p1', 'p<2>'), children: fc.array(tie('node'), { maxLength: 3 }) }).map((p): Node => ({ kind: 'provider', ...p })),
      fc.constant<Node>({ kind: 'component', async: true, fails: false, children: [{ kind: 'read', afterAwait: true }] }),
      fc.record({ fallback: fallbackNode, children }).map((s): Node => ({ kind: 'suspense', ...s })),
      fc.record({ fallback, children }).map((b): Node => ({ kind: 'boundary', ...b })),
    ),
  };
}).node;

/** The errors trees throw on purpose. hono leaves some unhandled when their render failed or was dropped first. */
export class PlantedError extends Error {
  override name = 'PlantedError';
}

/**
 * One context per depth of providers; a reader reads its innermost provider's. hono keeps a value
 * provided to an async subtree until that subtree resolves, so a later sibling outside the
 * provider reads it too: with a context per depth, no reader reads a context outside its provider.
 */
const CONTEXTS = Array.from({ length: 16 }, () => createContext('default'));
const readers = (jsx: typeof honoJsx) => CONTEXTS.map((ctx) => () => jsx('u', { children: useContext(ctx) }));
const jsxOf = (mode: Mode): typeof honoJsx => (mode === 'lean' || mode === 'compiled' ? leanJsx : honoJsx) as typeof honoJsx;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh JSX tree for `node` (each render gets its own: promises settle once). */
export function build(node: Node, mode: Mode): unknown {
  const jsx = jsxOf(mode);
  const read = readers(jsx);
  const Fragment = (mode === 'lean' || mode === 'compiled' ? LeanFragment : HonoFragment) as typeof HonoFragment;
  let markers = 0;
  let depth = -1;
  const Read = (): unknown => read[Math.max(0, depth)]!;
  const one = (n: Node): unknown => {
    switch (n.kind) {
      case 'text':
        return n.value;
      case 'raw':
        return raw(n.html);
      case 'callback': {
        const marker = `%M${markers++}%`;
        const fill = n.text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
        // In an element: hono drops the callbacks of a raw string that is a boundary's direct child.
        return jsx('s', { children: raw(marker, [({ buffer }: { buffer?: [string] }) => void (buffer && (buffer[0] = buffer[0].replace(marker, fill)))]) });
      }
      case 'element': {
        const children = n.children.map(one);
        if (mode === 'compiled') return compiled(n.tag, n.attrs, children);
        const props: Record<string, unknown> = Object.fromEntries(n.attrs);
        if (children.length > 0) props.children = children;
        return jsx(n.tag, props);
      }
      case 'metadata': {
        const props: Record<string, unknown> = Object.fromEntries(n.attrs);
        // Unique per document: hono drops a tag whose key (href, src, name) another one has.
        for (const key of ['href', 'src', 'name']) if (typeof props[key] === 'string') props[key] += `-${markers++}`;
        if (n.text) props.children = n.text;
        const hoists = 'precedence' in props || 'blocking' in props || 'itemProp' in props;
        if (mode === 'compiled' && !hoists && n.tag !== 'script' && n.tag !== 'style') return compiled(n.tag, Object.entries(props).filter(([k]) => k !== 'children'), n.text ? [n.text] : []);
        return jsx(n.tag, props);
      }
      case 'fragment':
        return jsx(Fragment, { children: n.children.map(one) });
      case 'component': {
        const children = n.children.map(one);
        const body = (): unknown => {
          if (n.fails) throw new PlantedError('component failed');
          return jsx(Fragment, { children });
        };
        const Component = n.async ? async () => (await sleep(0), body()) : body;
        const result = jsx(Component as never, {});
        return result;
      }
      case 'provider': {
        depth++;
        const ctx = CONTEXTS[Math.min(depth, CONTEXTS.length - 1)]!;
        const children = n.children.map(one);
        depth--;
        // In a fragment: hono's provider prints a lone `true` child as "true" (its svg quirk, docs/DESIGN.md).
        return jsx(ctx.Provider as never, { value: n.value, children: jsx(Fragment, { children }) });
      }
      case 'read':
        return jsx(Read() as never, {});
      case 'suspense':
        return jsx(Suspense as never, { fallback: one(n.fallback), children: n.children.map(one) });
      case 'boundary': {
        const f = n.fallback;
        // In a fragment: hono's ErrorBoundary renders nothing for a lone falsy child (`0`, `''`).
        const props: Record<string, unknown> = { children: jsx(Fragment, { children: n.children.map(one) }) };
        if (f.kind === 'node') props.fallback = one(f.node);
        else if (f.kind === 'render') {
          const ctx = CONTEXTS[Math.max(0, depth)]!;
          props.fallbackRender = () => jsx('u', { children: useContext(ctx) });
        }
        else {
          const value = one(f.node);
          props.fallback = { then: (resolve: (v: unknown) => void) => void setTimeout(() => resolve(value), 1) };
        }
        return jsx(ErrorBoundary as never, props);
      }
      case 'suspends':
        return jsx(suspender(n, mode) as never, {});
    }
  };
  return one(node);
}

/** The component for a `suspends` node: its promise (or thenable) is made now, so it settles once for this render. */
function suspender(n: Extract<Node, { kind: 'suspends' }>, mode: Mode): () => unknown {
  const jsx = jsxOf(mode);
  const settle = (resolve: (v: string) => void, reject: (e: Error) => void): unknown => setTimeout(() => (n.rejects ? reject(new PlantedError('suspended and failed')) : resolve(n.value)), n.ms);
  if (n.how === 'thenable' && mode !== 'hono') {
    let done = false;
    const thenable = { then: (resolve: () => void, reject: (e: Error) => void) => void settle(() => ((done = true), resolve()), reject) };
    return () => {
      if (!done) throw thenable;
      return jsx('b', { children: n.value });
    };
  }
  const promise = new Promise<string>(settle);
  promise.catch(() => {});
  return () => jsx('b', { children: use(promise) });
}

/** An element as the precompile writes it: a template, every attribute and child a hole. */
function compiled(tag: string, attrList: Attrs, children: unknown[]): unknown {
  const own = tag === 'svg' ? SVG_YES : SVG_INHERIT;
  const strings = [`<${tag}`];
  const specs: HoleSpec[] = [];
  for (const [key] of attrList) {
    specs.push([tag, key, own]);
    strings.push('');
  }
  if (children.length === 0) strings[strings.length - 1] += VOID.has(tag) || ['meta', 'link'].includes(tag) ? '/>' : `></${tag}>`;
  else {
    strings[strings.length - 1] += '>';
    for (let i = 0; i < children.length; i++) {
      specs.push(own);
      strings.push('');
    }
    strings[strings.length - 1] += `</${tag}>`;
  }
  return template(templateMeta(strings, specs), [...attrList.map(([, v]) => v), ...children]);
}

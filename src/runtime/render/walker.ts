/**
 * Walks a hono/jsx tree and writes HTML into parts. Synchronous subtrees become text at
 * once; an async component becomes a Slot that its own walker fills when it resolves, so
 * siblings after it start immediately and the output keeps document order.
 * The walk keeps an explicit stack, so the main walker can pause after `budget` characters
 * and resume when the reader wants more (backpressure).
 */
import { escapeHtml } from './escape.ts';
import { metadataProps, renderAttributes, tagStrings, VOID_ELEMENTS } from './attributes.ts';
import { builtinComponent, isContextProvider, jsxKinds, type HonoContext, type JsxKinds, type JsxNode } from './jsx-kinds.ts';
import { Boundary, uncaught } from './boundary.ts';
import type { RenderState } from './render-state.ts';
import { isAllText, settleParts, Slot, type Part } from './slot.ts';
import { withScope } from './scope.ts';
import { suspenseSwap } from './swap-scripts.ts';

/** Context values provided above a node, innermost first. */
interface Provided {
  ctx: HonoContext;
  value: unknown;
  next: Provided | null;
}

interface Frame {
  nodes: readonly unknown[];
  i: number;
  /** Written when the frame is done (a closing tag). */
  end: string;
  provided: Provided | null;
  svg: boolean;
  /** The innermost ErrorBoundary around this frame. */
  boundary: Boundary | null;
}

type Component = (props: Record<string, unknown>) => unknown;

const HTML_STRING_STREAM_PHASE = 3; // hono's HtmlEscapedCallbackPhase.Stream

function isEscapedString(v: object): v is string & { callbacks?: unknown[] } {
  return v instanceof String && (v as { isEscaped?: boolean }).isEscaped === true;
}

export class Walker {
  /** Finished output; the main walker's reader may drain it between runs. */
  readonly out: Part[] = [];
  done = false;
  private buf = '';
  private readonly stack: Frame[] = [];
  private readonly kinds: JsxKinds = jsxKinds();

  constructor(
    private readonly state: RenderState,
    root: unknown,
    provided: Provided | null = null,
    svg = false,
    boundary: Boundary | null = null,
  ) {
    this.stack.push({ nodes: [root], i: 0, end: '', provided, svg, boundary });
  }

  /** Walks until about `budget` characters are written or the tree is done. Throws what a component throws. */
  run(budget: number): void {
    withScope(this.state.scope, () => this.loop(budget));
  }

  private loop(budget: number): void {
    const stack = this.stack;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.i === frame.nodes.length) {
        this.buf += frame.end;
        stack.pop();
        continue;
      }
      this.visit(frame.nodes[frame.i++], frame);
      if (this.buf.length >= budget) {
        this.flush();
        return;
      }
    }
    this.flush();
    this.done = true;
  }

  private flush(): void {
    if (this.buf) {
      this.out.push(this.buf);
      this.buf = '';
    }
  }

  private text(s: string): void {
    this.state.atStart = false;
    this.buf += s;
  }

  private visit(node: unknown, frame: Frame): void {
    switch (typeof node) {
      case 'string':
        if (node) this.text(escapeHtml(node));
        return;
      case 'number':
      case 'bigint':
        this.text(String(node));
        return;
      case 'object':
        break;
      default:
        return; // booleans, undefined, functions and symbols render nothing
    }
    if (node === null) return;
    if (Array.isArray(node)) {
      this.stack.push({ nodes: node, i: 0, end: '', provided: frame.provided, svg: frame.svg, boundary: frame.boundary });
      return;
    }
    if (node instanceof this.kinds.Node) return this.jsx(node as JsxNode, frame);
    if (node instanceof Promise) return this.slot(node, frame);
    if (isEscapedString(node)) {
      this.text(String(node));
      if (node.callbacks?.length) this.runCallbacks(node.callbacks);
      return;
    }
    this.text(escapeHtml(String(node)));
  }

  private jsx(node: JsxNode, frame: Frame): void {
    const tag = node.tag;
    if (typeof tag === 'string') {
      if (node instanceof this.kinds.FragmentNode) this.push(node.children, '', frame, frame.provided, frame.svg);
      else this.element(tag, node.props, node.children, frame);
      return;
    }
    if (isContextProvider(tag)) {
      const svg = tag === this.kinds.nameSpace ? node.props.value === 'svg' : frame.svg;
      this.push(node.children, '', frame, { ctx: tag, value: node.props.value, next: frame.provided }, svg);
      return;
    }
    const builtin = builtinComponent(tag);
    if (builtin === 'Suspense') return this.suspense(node, frame);
    if (builtin === 'ErrorBoundary') return this.errorBoundary(node, frame);
    const intrinsic = this.kinds.intrinsic.get(tag);
    if (intrinsic !== undefined) return this.element(intrinsic, metadataProps(node.props), node.children, frame);
    const props: Record<string, unknown> = { ...node.props };
    const children = node.children;
    if (children.length) props.children = children.length === 1 ? children[0] : children;
    this.visit(this.call(tag, props, frame.provided), frame);
  }

  private push(nodes: readonly unknown[], end: string, frame: Frame, provided: Provided | null, svg: boolean): void {
    this.stack.push({ nodes, i: 0, end, provided, svg, boundary: frame.boundary });
  }

  private element(tag: string, props: Record<string, unknown>, children: unknown[], frame: Frame): void {
    if (this.state.atStart) {
      this.state.atStart = false;
      if (tag === 'html') this.buf += '<!doctype html>';
    }
    const svg = frame.svg || tag === 'svg';
    // Under a CSP nonce, scripts and styles written as JSX are the site's own: they get the nonce.
    if (this.state.nonce !== undefined && (tag === 'script' || tag === 'style') && props.nonce === undefined) props = { ...props, nonce: this.state.nonce };
    const attrs = renderAttributes(tag, props, svg);
    const inner = props.dangerouslySetInnerHTML as { __html?: unknown } | undefined;
    if (inner && typeof inner === 'object' && '__html' in inner) {
      this.buf += `<${tag}${attrs}>${inner.__html}</${tag}>`;
      return;
    }
    const tags = tagStrings(tag);
    const open = attrs === '' ? tags.open : `<${tag}${attrs}>`;
    if (children.length === 0) {
      this.buf += VOID_ELEMENTS.has(tag) ? `<${tag}${attrs}/>` : open + tags.close;
      return;
    }
    const only = children.length === 1 ? children[0] : undefined;
    if (typeof only === 'string') {
      // The commonest element: one text child. No frame needed.
      this.buf += open + escapeHtml(only) + tags.close;
      return;
    }
    this.buf += open;
    this.push(children, tags.close, frame, frame.provided, frame.svg);
  }

  /** Calls a component with the provided context values visible to hono's `useContext`. */
  private call(tag: Component, props: Record<string, unknown>, provided: Provided | null): unknown {
    const scope = this.state.scope;
    if (scope) scope.component = tag.name || 'an anonymous component';
    if (provided === null) return tag.call(null, props);
    const chain: Provided[] = [];
    for (let p: Provided | null = provided; p; p = p.next) chain.push(p);
    for (let i = chain.length - 1; i >= 0; i--) chain[i]!.ctx.values.push(chain[i]!.value);
    try {
      return tag.call(null, props);
    } finally {
      for (const p of chain) p.ctx.values.pop();
    }
  }

  /** An async component: its output goes into a slot here; the walk goes on past it. */
  private slot(promise: Promise<unknown>, frame: Frame): void {
    this.flush();
    const slot = new Slot();
    this.out.push(slot);
    const { provided, svg, boundary } = frame;
    const state = this.state;
    promise.then(
      (value) => {
        if (state.aborted) return slot.resolve([]);
        const walker = new Walker(state, value, provided, svg, boundary);
        try {
          walker.run(Infinity);
        } catch (error) {
          return slot.fail(error);
        }
        slot.resolve(walker.out);
      },
      (error) => slot.fail(error),
    );
  }

  /** Renders `node` in a walker of its own, to completion (its slots may still be pending). */
  private sub(node: unknown, frame: Frame, boundary = frame.boundary): Part[] {
    const walker = new Walker(this.state, node, frame.provided, frame.svg, boundary);
    walker.run(Infinity);
    return walker.out;
  }

  private inline(parts: string[]): void {
    for (const s of parts) this.buf += s;
  }

  /** A slot here, filled with what `parts` settles to. */
  private pending(parts: Promise<Part[]>): void {
    this.flush();
    const slot = new Slot();
    this.out.push(slot);
    parts.then(
      (settled) => slot.resolve(settled),
      (error) => slot.fail(error),
    );
  }

  /**
   * hono's Suspense: fallback in place, the content appended after the document with hono's swap
   * script. If the content rejects, the enclosing ErrorBoundary's fallback replaces that boundary's
   * region; with none, the error is logged and the fallback stays (as in hono).
   */
  private suspense(node: JsxNode, frame: Frame): void {
    const parts = this.sub(node.children, frame);
    if (isAllText(parts)) return this.inline(parts);
    const id = this.state.suspenseId++;
    const nonceAttr = scriptNonce(frame.provided, this.state.nonce);
    const boundary = frame.boundary;
    boundary?.mark();
    this.state.defer(
      settleParts(parts).then(
        (html) => suspenseSwap(id, html, nonceAttr),
        (error) => uncaught(boundary, this.state, error, nonceAttr),
      ),
    );
    this.buf += `<template id="H:${id}"></template>`;
    this.push([node.props.fallback], '<!--/$-->', frame, frame.provided, frame.svg);
  }

  /**
   * hono's ErrorBoundary, in order: the content once it all succeeded, else the fallback. A
   * fallback that fails too goes to the enclosing boundary; with none, the boundary renders
   * nothing and the error is logged, so the rest of the page still streams.
   */
  private errorBoundary(node: JsxNode, frame: Frame): void {
    const props = node.props as {
      fallback?: unknown;
      fallbackRender?: (error: unknown) => unknown;
      onError?: (error: unknown) => void;
    };
    const state = this.state;
    // Throws (to the enclosing boundary's walk or slot) when there is one; else logs and renders nothing.
    const unhandled = (error: unknown): Part[] => {
      if (frame.boundary) throw error;
      state.onError(error);
      return [];
    };
    const fallbackParts = (error: unknown): Part[] => {
      try {
        props.onError?.(error);
        return this.sub(props.fallback ?? props.fallbackRender?.(error) ?? null, frame);
      } catch (again) {
        return unhandled(again);
      }
    };
    const settleFallback = (parts: Part[]): Part[] | Promise<Part[]> =>
      isAllText(parts) ? parts : settleParts(parts).then((html) => [html], (again: unknown) => unhandled(again));
    const boundary = new Boundary(frame.boundary, state, async (error) => settleParts(fallbackParts(error)));
    let parts: Part[];
    try {
      parts = this.sub(node.children, frame, boundary);
    } catch (error) {
      boundary.claim();
      const fallback = settleFallback(fallbackParts(error));
      return Array.isArray(fallback) ? this.inline(fallback as string[]) : this.pending(fallback);
    }
    if (isAllText(parts)) return this.inline([boundary.wrap(parts.join(''))]);
    this.pending(
      settleParts(parts).then(
        (html) => [boundary.wrap(html)],
        // Shown here even if a Suspense failure claimed the boundary first: this region then has
        // no markers, so that late swap finds nothing and the fallback appears once.
        (error: unknown) => (boundary.claim(), settleFallback(fallbackParts(error))),
      ),
    );
  }

  /** Callbacks on a raw hono string (from third-party components) run as in hono's stream phase. */
  private runCallbacks(callbacks: unknown[]): void {
    for (const callback of callbacks) {
      if (typeof callback !== 'function') continue;
      const result: unknown = callback({ phase: HTML_STRING_STREAM_PHASE, context: {} });
      if (result !== undefined && result !== null) this.state.defer(Promise.resolve(result).then(String));
    }
  }
}

/** The ` nonce="..."` attribute for a swap script: the response's CSP nonce, else hono's StreamingContext ({ scriptNonce }). */
function scriptNonce(provided: Provided | null, nonce: string | undefined): string {
  if (nonce) return ` nonce="${escapeHtml(nonce)}"`;
  for (let p = provided; p; p = p.next) {
    if (p.value !== null && typeof p.value === 'object' && 'scriptNonce' in p.value) {
      const value = (p.value as { scriptNonce?: unknown }).scriptNonce;
      return typeof value === 'string' ? ` nonce="${escapeHtml(value)}"` : '';
    }
  }
  return '';
}

/**
 * hono's Suspense and ErrorBoundary as the walker renders them: a Suspense's fallback in place
 * and its content swapped in after the document; an ErrorBoundary in order, its content once
 * it all succeeded, else its fallback. Children that suspend (throw a Promise or thenable) are
 * rendered again when it settles.
 */
import { Boundary, uncaught } from './boundary.ts';
import type { JsxNode } from './jsx-kinds.ts';
import type { NameSpace } from './name-space.ts';
import { scriptNonce, withProvided, type Provided } from './provided.ts';
import { isAllText, settleParts, type Part } from './slot.ts';
import { alive, isThenable } from './suspension.ts';
import { suspenseSwap } from './swap-scripts.ts';
import type { Walker } from './walker.ts';

/** Where a boundary renders, as the walker's frame says. */
export interface Placed {
  provided: Provided | null;
  ns: NameSpace;
  boundary: Boundary | null;
}

/** A Suspense's or ErrorBoundary's children: their parts, or the parts of a later try when a component suspended. */
function boundaryChildren(w: Walker, children: unknown, frame: Placed, boundary: Boundary | null, gate = w.gate): Part[] | Promise<Part[]> {
  try {
    return w.sub(children, frame, boundary, true, gate);
  } catch (error) {
    if (!isThenable(error)) throw error;
    return retry(w, children, frame, boundary, error, gate);
  }
}

/** Children that suspended, rendered again each time what they threw settles (as hono does), until they render or fail. */
async function retry(w: Walker, children: unknown, frame: Placed, boundary: Boundary | null, thrown: PromiseLike<unknown>, gate: Promise<unknown> | null): Promise<Part[]> {
  for (;;) {
    await thrown;
    if (w.state.aborted || !alive(w.attempt)) return [];
    try {
      return w.sub(children, frame, boundary, true, gate);
    } catch (error) {
      if (!isThenable(error)) throw error;
      thrown = error;
    }
  }
}

/**
 * hono's Suspense: fallback in place, the content appended after the document with hono's swap
 * script. If the content rejects, the enclosing ErrorBoundary's fallback replaces that boundary's
 * region; with none, the error is logged and the fallback stays (as in hono).
 */
export function renderSuspense(w: Walker, node: JsxNode, frame: Placed): void {
  let queued = (): void => {};
  const gate = w.state.inOrder ? null : new Promise<void>((resolve) => (queued = resolve));
  let content: Part[] | Promise<Part[]>;
  try {
    content = boundaryChildren(w, node.children, frame, frame.boundary, gate);
  } catch (error) {
    queued();
    throw error;
  }
  // In place: what is inside is in the document already.
  if (Array.isArray(content) && isAllText(content)) return queued(), w.inline(content);
  let html = settleContent(content);
  if (w.state.inOrder) return suspenseInOrder(w, node, frame, html);
  // After the enclosing Suspense's swap (see `gate`), whether this one succeeds or fails.
  const outer = w.gate;
  if (outer) html = html.then((text) => outer.then(() => text), (error: unknown) => outer.then(() => Promise.reject(error)));
  const { state, attempt } = w;
  const id = state.suspenseId++;
  const nonceAttr = scriptNonce(frame.provided, state.nonce);
  const boundary = frame.boundary;
  boundary?.mark();
  // Settled either way, the enclosing regions may lose their markers (hono's last swap script).
  const settled = (): string => boundary?.settle(nonceAttr) ?? '';
  const tail = html.then(
    (text) => (alive(attempt) ? suspenseSwap(id, text, nonceAttr) : '') + settled(),
    async (error: unknown) => (alive(attempt) ? await uncaught(boundary, state, error, nonceAttr) : '') + settled(),
  );
  state.defer(tail);
  // Registered after defer's own handler, so the content's Suspenses queue after this swap.
  tail.then(queued);
  w.write(`<template id="H:${id}"></template>`);
  w.push([fallbackNode(node.props.fallback)], '<!--/$-->', frame, frame.provided, frame.ns);
}

/**
 * A Suspense in an island's HTML: its content where it stands once ready. If that fails, the
 * enclosing ErrorBoundary takes the error; with none, the fallback stands there (as out of order).
 */
function suspenseInOrder(w: Walker, node: JsxNode, frame: Placed, html: Promise<string>): void {
  const state = w.state;
  w.pending(
    html.then(
      (text) => [text],
      (error: unknown) => {
        if (frame.boundary) throw error;
        state.onError(error);
        return settleParts(w.sub(fallbackNode(node.props.fallback), frame)).then((text) => [text]);
      },
    ),
  );
}

/**
 * hono's ErrorBoundary, in order: the content once it all succeeded, else the fallback. A
 * fallback that fails too goes to the enclosing boundary; with none, the boundary renders
 * nothing and the error is logged, so the rest of the page still streams.
 */
export function renderErrorBoundary(w: Walker, node: JsxNode, frame: Placed): void {
  const props = node.props as {
    fallback?: unknown;
    fallbackRender?: (error: unknown) => unknown;
    onError?: (error: unknown) => void;
  };
  const state = w.state;
  // Throws (to the enclosing boundary's walk or slot) when there is one; else logs and renders nothing.
  const unhandled = (error: unknown): Part[] => {
    if (frame.boundary) throw error;
    state.onError(error);
    return [];
  };
  const fallbackParts = (error: unknown): Part[] => {
    try {
      // Inside the provided context, as hono runs them.
      const fallback = withProvided(frame.provided, () => {
        props.onError?.(error);
        return props.fallback ?? props.fallbackRender?.(error) ?? null;
      });
      return w.sub(fallbackNode(fallback), frame);
    } catch (again) {
      return unhandled(again);
    }
  };
  const settleFallback = (parts: Part[]): Part[] | Promise<Part[]> =>
    isAllText(parts) ? parts : settleParts(parts).then((html) => [html], (again: unknown) => unhandled(again));
  const boundary = new Boundary(frame.boundary, state, async (error) => settleParts(fallbackParts(error)));
  let content: Part[] | Promise<Part[]>;
  try {
    content = boundaryChildren(w, node.children, frame, boundary);
  } catch (error) {
    boundary.claim();
    const fallback = settleFallback(fallbackParts(error));
    return Array.isArray(fallback) ? w.inline(fallback as string[]) : w.pending(fallback);
  }
  if (Array.isArray(content) && isAllText(content)) return w.inline([boundary.wrap(content.join(''))]);
  w.pending(
    settleContent(content).then(
      (html) => [boundary.wrap(html)],
      // Shown here even if a Suspense failure claimed the boundary first: this region then has
      // no markers, so that late swap finds nothing and the fallback appears once.
      (error: unknown) => (boundary.claim(), settleFallback(fallbackParts(error))),
    ),
  );
}

/** The whole HTML of a boundary's content. */
function settleContent(content: Part[] | Promise<Part[]>): Promise<string> {
  return Array.isArray(content) ? settleParts(content) : content.then(settleParts);
}

/** A fallback that is a thenable but not a Promise renders what it resolves to, as a Promise would (hono awaits it). */
function fallbackNode(fallback: unknown): unknown {
  return fallback instanceof Promise || !isThenable(fallback) ? fallback : Promise.resolve(fallback);
}

/**
 * An ErrorBoundary as the walker sees it while rendering its subtree: where errors of that
 * subtree go, including those that arrive after the document (a Suspense inside that rejects).
 */
import type { RenderState } from './render-state.ts';
import { boundaryCleanup, boundarySwap } from './swap-scripts.ts';

export class Boundary {
  /** Set once a Suspense inside registers: the region may then need `E:id` markers. */
  id: number | undefined;
  #caught = false;
  /** Suspense swaps inside this region not settled yet. */
  #open = 0;
  /** The region went into the document inside its markers. */
  #marked = false;

  declare readonly parent: Boundary | null;
  readonly #state: RenderState;
  /** The boundary's fallback for `error`, as HTML (rejects when the fallback itself fails). */
  readonly #fallbackHtml: (error: unknown) => Promise<string>;

  constructor(parent: Boundary | null, state: RenderState, fallbackHtml: (error: unknown) => Promise<string>) {
    this.parent = parent;
    this.#state = state;
    this.#fallbackHtml = fallbackHtml;
  }

  /** A Suspense inside will settle after the document: this region and the enclosing ones may be replaced until then. */
  mark(): void {
    for (let b: Boundary | null = this; b; b = b.parent) {
      b.id ??= this.#state.boundaryId++;
      b.#open++;
    }
  }

  /**
   * A Suspense that `mark()`ed settled (swapped in, failed, or was dropped). Returns the scripts
   * that remove the markers of regions nothing can replace any more, as hono's swap does.
   */
  settle(nonceAttr: string): string {
    let scripts = '';
    for (let b: Boundary | null = this; b; b = b.parent) {
      b.#open--;
      if (b.#open === 0 && b.#marked && !b.#caught) scripts += boundaryCleanup(b.id!, nonceAttr);
    }
    return scripts;
  }

  /** The region's text, inside its markers while a Suspense in it may still fail. */
  wrap(html: string): string {
    if (this.id === undefined || (this.#open === 0 && !this.#caught)) return html;
    this.#marked = true;
    return `<template id="E:${this.id}"></template>${html}<!--E:${this.id}-->`;
  }

  /** True the first time only: a boundary shows its fallback once. */
  claim(): boolean {
    if (this.#caught) return false;
    this.#caught = true;
    return true;
  }

  /** After the document: swaps the region for the fallback (once); a failing fallback goes up a level. */
  async replace(error: unknown, nonceAttr: string): Promise<string> {
    if (!this.claim()) return '';
    try {
      return boundarySwap(this.id!, await this.#fallbackHtml(error), nonceAttr);
    } catch (again) {
      return uncaught(this.parent, this.#state, again, nonceAttr);
    }
  }
}

/** An error no boundary below `boundary` handled: the next one up replaces its region, else it is logged. */
export function uncaught(boundary: Boundary | null, state: RenderState, error: unknown, nonceAttr: string): Promise<string> {
  if (boundary) return boundary.replace(error, nonceAttr);
  state.onError(error);
  return Promise.resolve('');
}

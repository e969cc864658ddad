/**
 * An ErrorBoundary as the walker sees it while rendering its subtree: where errors of that
 * subtree go, including those that arrive after the document (a Suspense inside that rejects).
 */
import type { RenderState } from './render-state.ts';
import { boundarySwap } from './swap-scripts.ts';

export class Boundary {
  /** Set once a Suspense inside registers: the region then gets `E:id` markers. */
  id: number | undefined;
  private caught = false;

  constructor(
    readonly parent: Boundary | null,
    private readonly state: RenderState,
    /** The boundary's fallback for `error`, as HTML (rejects when the fallback itself fails). */
    private readonly fallbackHtml: (error: unknown) => Promise<string>,
  ) {}

  /** Marks this region and the enclosing ones, so a late failure can replace them. */
  mark(): void {
    for (let b: Boundary | null = this; b && b.id === undefined; b = b.parent) b.id = this.state.boundaryId++;
  }

  /** The region's text, inside its markers when it has any. */
  wrap(html: string): string {
    return this.id === undefined ? html : `<template id="E:${this.id}"></template>${html}<!--E:${this.id}-->`;
  }

  /** True the first time only: a boundary shows its fallback once. */
  claim(): boolean {
    if (this.caught) return false;
    this.caught = true;
    return true;
  }

  /** After the document: swaps the region for the fallback (once); a failing fallback goes up a level. */
  async replace(error: unknown, nonceAttr: string): Promise<string> {
    if (!this.claim()) return '';
    try {
      return boundarySwap(this.id!, await this.fallbackHtml(error), nonceAttr);
    } catch (again) {
      return uncaught(this.parent, this.state, again, nonceAttr);
    }
  }
}

/** An error no boundary below `boundary` handled: the next one up replaces its region, else it is logged. */
export function uncaught(boundary: Boundary | null, state: RenderState, error: unknown, nonceAttr: string): Promise<string> {
  if (boundary) return boundary.replace(error, nonceAttr);
  state.onError(error);
  return Promise.resolve('');
}

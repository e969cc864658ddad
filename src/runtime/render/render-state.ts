/** State shared by every walker of one document: cancellation, ids, out-of-order tails. */
import type { RenderScope } from './scope.ts';

export class RenderState {
  /** Set when the reader went away or the render failed: no further component is started. */
  aborted = false;
  /** Nothing has been written yet (a root `<html>` gets a doctype). */
  atStart = true;
  /** Next id for a Suspense boundary, per document so output is deterministic. */
  suspenseId = 0;
  /** Next id for an ErrorBoundary region that holds a Suspense. */
  boundaryId = 0;
  /** The `context` every raw-string callback of this document gets (hono passes one per render). */
  readonly callbackContext: object = {};
  /** Suspense replacements ready to append after the document, in the order they resolved. */
  readonly tails: string[] = [];
  /** Suspense replacements still pending. */
  pendingTails = 0;
  #wake: (() => void) | undefined;

  declare readonly scope: RenderScope | undefined;
  declare readonly onError: (error: unknown) => void;
  /** The response's CSP nonce, if it has a policy. */
  declare readonly nonce: string | undefined;
  /** Suspense content in place of its fallback (a server island: no script runs where it lands). */
  declare readonly inOrder: boolean;

  constructor(scope: RenderScope | undefined, onError: (error: unknown) => void, nonce?: string, inOrder = false) {
    this.scope = scope;
    this.onError = onError;
    this.nonce = nonce;
    this.inOrder = inOrder;
  }

  /** Queues HTML to append after the document once `html` resolves (hono's Suspense protocol). */
  defer(html: Promise<string>): void {
    this.pendingTails++;
    html.then(
      (text) => this.#settleTail(text),
      (error) => {
        this.onError(error);
        this.#settleTail('');
      },
    );
  }

  /** Resolves when a pending tail settles. */
  nextTail(): Promise<void> {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  #settleTail(text: string): void {
    this.pendingTails--;
    if (text) this.tails.push(text);
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

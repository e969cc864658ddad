/**
 * Components that suspend the React way: they throw a Promise (hono's `use()`) or any thenable,
 * and the nearest Suspense or ErrorBoundary rendering them synchronously renders its children
 * again once it settles. A try that threw is dropped with all it started (late swaps included).
 */
import { NamedError } from '../errors.ts';

/** One try at rendering a boundary's children. */
export interface Attempt {
  dropped: boolean;
  readonly parent: Attempt | null;
}

/** True unless this try, or one it belongs to, threw and was dropped. */
export function alive(attempt: Attempt | null): boolean {
  for (let a = attempt; a; a = a.parent) if (a.dropped) return false;
  return true;
}

/** A Promise or any object with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise || (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function');
}

/** Thrown for a component that suspended where no Suspense or ErrorBoundary renders it synchronously. */
export class UncaughtSuspensionError extends NamedError {
  constructor(component: string) {
    super(
      `${component} suspended (threw a Promise, as hono's use() does) outside a <Suspense> or <ErrorBoundary> that renders it ` +
        'synchronously (an async component in between resolves first, then renders it without one). Wrap it in <Suspense fallback={...}>.',
    );
  }
}

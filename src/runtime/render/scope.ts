/**
 * The render scope: which request and component the renderer is running right now.
 * Set synchronously around each component call, so `usePage()` works before a component's
 * first `await` (the same rule as hono's `useContext` without AsyncLocalStorage).
 */

export interface RenderScope {
  /** The request context (`PageContext`), opaque to the renderer. */
  readonly page: unknown;
  /** Name of the component being called, for error messages. */
  component: string;
  /** True once the response's status, headers and cookies are sent. */
  sent: boolean;
}

let current: RenderScope | undefined;

/** The scope of the component being rendered, if any. */
export function currentScope(): RenderScope | undefined {
  return current;
}

/** Runs `fn` with `scope` as the current one, restoring the previous scope after. */
export function withScope<T>(scope: RenderScope | undefined, fn: () => T): T {
  const previous = current;
  current = scope;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

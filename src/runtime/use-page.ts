/** `usePage()`: the request context, from any component while it renders. */
import type { PageContext, Params } from './context.ts';
import { currentScope } from './render/scope.ts';

/** Thrown when `usePage()` is called outside a render, or after a component's first `await`. */
export class NoPageContextError extends Error {
  override name = 'NoPageContextError';
}

/** The current request's context. Call it before the component's first `await`, like a hook. */
export function usePage<P extends Params = Params, Props = Record<string, unknown>, Env = App.Env>(): PageContext<P, Props, Env> {
  const scope = currentScope();
  if (!scope) {
    throw new NoPageContextError(
      'usePage() was called outside a render, or after an `await` in an async component. Call it at the top of the component, before any await.',
    );
  }
  return scope.page as PageContext<P, Props, Env>;
}

/** Middleware: `onRequest(ctx, next)` in `routes/_middleware.ts`, composed with `sequence()`. */
import type { PageContext } from './context.ts';

export type MiddlewareNext = () => Promise<Response>;

/** Runs before a route; may fill `ctx.locals`, return its own Response, or change the one `next()` gives. */
export type MiddlewareHandler = (ctx: PageContext, next: MiddlewareNext) => Response | void | Promise<Response | void>;

/** Declares a middleware handler with types; returns it unchanged. */
export function defineMiddleware(handler: MiddlewareHandler): MiddlewareHandler {
  return handler;
}

/** Runs handlers in order: each one's `next()` calls the following one, the last one's calls the route. */
export function sequence(...handlers: MiddlewareHandler[]): MiddlewareHandler {
  return (ctx, next) => {
    const run = (i: number): Promise<Response> => (i === handlers.length ? next() : runMiddleware(handlers[i]!, ctx, () => run(i + 1)));
    return run(0);
  };
}

/** Calls one middleware; a middleware that returns nothing answers with what `next()` gave (calling it if it did not). */
export async function runMiddleware(handler: MiddlewareHandler, ctx: PageContext, next: MiddlewareNext): Promise<Response> {
  let pending: Promise<Response> | undefined;
  const once: MiddlewareNext = () => (pending ??= next());
  const result = await handler(ctx, once);
  if (result instanceof Response) return result;
  if (result !== undefined) {
    throw new TypeError(`Middleware returned ${typeof result}; return a Response, the result of next(), or nothing.`);
  }
  return once();
}

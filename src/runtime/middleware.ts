/** Middleware: `onRequest(ctx, next)` in `routes/_middleware.ts`, composed with `sequence()`. */
import type { PageContext } from './context.ts';

/** What a rewrite may name: a path ('/other?x=1'), a URL on this origin, or a Request. */
export type RewriteTarget = string | URL | Request;

/** Calls the rest of the chain; with a target, the rest of the chain then renders that route instead (middleware is not run again). */
export type MiddlewareNext = (rewrite?: RewriteTarget) => Promise<Response>;

/** Runs before a route; may fill `ctx.locals`, return its own Response, or change the one `next()` gives. */
export type MiddlewareHandler = (ctx: PageContext, next: MiddlewareNext) => Response | void | Promise<Response | void>;

/** Declares a middleware handler with types; returns it unchanged. */
export function defineMiddleware(handler: MiddlewareHandler): MiddlewareHandler {
  return handler;
}

/** Runs handlers in order: each one's `next()` calls the following one, the last one's calls the route. */
export function sequence(...handlers: MiddlewareHandler[]): MiddlewareHandler {
  return (ctx, next) => {
    const run = (i: number, target: RewriteTarget | undefined): Promise<Response> =>
      i === handlers.length ? next(target) : runMiddleware(handlers[i]!, ctx, (rewrite) => run(i + 1, rewrite ?? target));
    return run(0, undefined);
  };
}

/** Calls one middleware; a middleware that returns nothing answers with what `next()` gave (calling it if it did not). */
export async function runMiddleware(handler: MiddlewareHandler, ctx: PageContext, next: MiddlewareNext): Promise<Response> {
  let pending: Promise<Response> | undefined;
  const once: MiddlewareNext = (rewrite) => (pending ??= next(rewrite));
  const result = await handler(ctx, once);
  if (result instanceof Response) return result;
  if (result !== undefined) {
    throw new TypeError(`Middleware returned ${typeof result}; return a Response, the result of next(), or nothing.`);
  }
  return once();
}

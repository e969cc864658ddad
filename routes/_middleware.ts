import { defineMiddleware, sequence } from 'edgepress';

/** Times every request and says who rendered it. */
const timing = defineMiddleware(async (ctx, next) => {
  const started = Date.now();
  ctx.locals.requestId = crypto.randomUUID();
  const response = await next();
  response.headers.set('server-timing', `render;dur=${Date.now() - started}`);
  return response;
});

/** A header on every response from the handler. */
const poweredBy = defineMiddleware(async (_ctx, next) => {
  const response = await next();
  response.headers.set('x-powered-by', 'edgepress');
  return response;
});

export const onRequest = sequence(timing, poweredBy);

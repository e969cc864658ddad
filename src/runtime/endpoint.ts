/** Endpoints: HTTP method handlers, with HEAD from GET, ALL as the catch-all, and 405 + Allow. */
import type { RouteModule } from '../manifest.ts';
import type { RequestContext } from './context.ts';
import { InvalidRouteModuleError } from './errors.ts';

/** The methods an `Allow` header lists (HEAD comes from GET; ALL answers any). */
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

type Handler = (ctx: RequestContext) => unknown;

/** The methods a module answers, for the `Allow` header. */
function allowed(mod: RouteModule): string {
  const methods: string[] = METHODS.filter((m) => typeof mod[m] === 'function');
  if (methods.includes('GET')) methods.splice(1, 0, 'HEAD');
  return methods.join(', ');
}

/** Calls the module's handler for the request's method. */
export async function callEndpoint(mod: RouteModule, ctx: RequestContext): Promise<Response> {
  const method = ctx.request.method.toUpperCase();
  let handler = mod[method] as Handler | undefined;
  if (typeof handler !== 'function' && method === 'HEAD') handler = mod.GET as Handler | undefined;
  if (typeof handler !== 'function') handler = mod.ALL as Handler | undefined;
  if (typeof handler !== 'function') {
    return new Response('Method Not Allowed', {
      status: 405,
      headers: { allow: allowed(mod), 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const response = await handler(ctx);
  if (!(response instanceof Response)) {
    throw new InvalidRouteModuleError(
      `The ${method} handler of ${ctx.routePattern} returned ${response === null ? 'null' : typeof response}; an endpoint must return a Response.`,
    );
  }
  if (method === 'HEAD' && response.body !== null) {
    void response.body.cancel().catch(() => {});
    return new Response(null, response);
  }
  return response;
}

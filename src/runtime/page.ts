/** Pages: call the page function ("frontmatter"), then stream what it returned. */
import type { RouteModule } from '../manifest.ts';
import type { RequestContext } from './context.ts';
import type { Deadline } from './deadline.ts';
import { devErrorBlock } from './dev-error.ts';
import type {} from './dev-flag.ts';
import { InvalidRouteModuleError } from './errors.ts';
import { renderHtml } from './render/html-stream.ts';
import { withScope } from './render/scope.ts';
import type { headLinks } from './render/head-links.ts';

const HTML = 'text/html; charset=utf-8';
/** The headers of a page that set none (copied by each Response, never changed). */
const HTML_ONLY: Array<[string, string]> = [['content-type', HTML]];

export interface PageRenderOptions {
  /** Logs an error that happened after the first byte. */
  onStreamError: (error: unknown) => void;
  dev: boolean;
  /** `security.csp`: the header's name, and its value for this page's nonce. */
  cspHeader?: { name: string; value: (nonce: string) => string };
  /** A server island: HTML put into a page, where no swap script runs, so Suspense renders in order. */
  fragment?: boolean;
  /** `limits.renderTimeoutMs` of this request. */
  deadline?: Deadline;
  /** The stylesheet URLs the route's module graph imports (RouteEntry.styles). */
  styles?: string[];
  /** Links them into the page (app.styles: in the bundle only when some route imports a stylesheet). */
  links?: typeof headLinks;
}

/** Renders a page module for `ctx`: the page's own Response, or streamed HTML with the page's status and headers. */
export async function renderPage(mod: RouteModule, ctx: RequestContext, options: PageRenderOptions): Promise<Response> {
  const page = mod.default;
  if (typeof page !== 'function') {
    throw new InvalidRouteModuleError(`${ctx.routePattern}: a page's default export must be a component function.`);
  }
  let result: unknown = withScope(ctx.scope, () => (page as (c: RequestContext) => unknown)(ctx));
  if (result instanceof Promise) result = await result;
  if (result instanceof Response) return result;
  // A session write under an id the store does not know gets a new id (and cookie) while it still can.
  await ctx.sessionIfUsed?.settle();
  // From here on the status, headers and cookies are final.
  ctx.sent = true;
  ctx.scope.sent = true;
  const nonce = options.cspHeader ? ctx.csp.nonce : undefined;
  const body = renderHtml(result, {
    scope: ctx.scope,
    nonce,
    onError: options.onStreamError,
    inOrder: options.fragment,
    deadline: options.deadline,
    head: options.styles && options.links ? options.links(options.styles, nonce) : undefined,
    // Development: a visible block where the stream broke (production closes the stream cleanly).
    errorMarker: typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && options.dev ? (error) => devErrorBlock(error, ctx.routePattern) : undefined,
  });
  const settings = ctx.responseIfUsed;
  const cookies = ctx.cookiesIfUsed;
  let headers: HeadersInit = HTML_ONLY;
  if (settings || nonce || cookies?.changed) {
    headers = settings ? new Headers(settings.headers) : new Headers();
    if (!headers.has('content-type')) headers.set('content-type', HTML);
    // The header names the nonce the renderer gives every script it writes.
    if (nonce) headers.set(options.cspHeader!.name, options.cspHeader!.value(nonce));
    if (cookies?.changed) for (const header of cookies.headers()) headers.append('set-cookie', header);
  }
  // No status text set: the runtime's own for the status ('' would send "HTTP/1.1 200 " on the wire).
  const init = { status: settings?.status ?? 200, statusText: settings?.statusText || undefined, headers };
  if (ctx.request.method === 'HEAD') {
    if (typeof body !== 'string') void body.cancel();
    return new Response(null, init);
  }
  return new Response(body, init);
}

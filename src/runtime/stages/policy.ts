/**
 * The request policy: what every request meets once, before any stage can hand it to site code
 * (a route, the middleware, an error page, an island, a rewrite). TRACE, TRACK and CONNECT get
 * 501; `security.checkOrigin` refuses a cross-site form POST; `limits.bodyBytes` holds the body.
 * (`limits.renderTimeoutMs` is the deadline the handler races every answer against.) A site
 * with no code at request time pays only for the method check.
 */
import { limitBody } from '../body-limit.ts';
import { plainError } from '../builtin-pages.ts';
import { originCheck, refuseCrossOrigin } from '../origin-check.ts';
import type { Exchange, Site } from './site.ts';

/** TRACE echoes a request (cookies included) back to a script: nothing answers one. */
const UNSUPPORTED = new Set(['TRACE', 'TRACK', 'CONNECT']);

/** The policy stage: a refusal, or undefined when the exchange may go on (its body held to the limit). */
export type Policy = (ex: Exchange) => Response | Promise<Response> | undefined;

/** The policy for `site`: the checks that cannot act on it are left out here, once. */
export function requestPolicy(site: Site): Policy {
  const { manifest } = site;
  const guarded = runsSiteCode(site);
  const origins = guarded ? originCheck(site) : undefined;
  const bodyBytes = guarded ? (manifest.limits?.bodyBytes ?? 1024 * 1024) : undefined;
  return (ex) => {
    const request = ex.request;
    const method = request.method;
    // GET and HEAD carry no body to hold and are no form submission: nothing else applies.
    if (method === 'GET' || method === 'HEAD') return undefined;
    if (UNSUPPORTED.has(method)) return plainError(request, 501, 'Not Implemented');
    if (bodyBytes !== undefined) {
      const limited = limitBody(request, bodyBytes);
      if (limited instanceof Response) return limited;
      if (limited) {
        ex.request = limited.request;
        ex.counted = limited.counted;
      }
    }
    if (origins) {
      const refused = refuseCrossOrigin(ex.request, ex.url, origins);
      // The body is drained after the limit applies: an endless one stops there.
      if (refused) return drained(ex.request, refused);
    }
    return undefined;
  };
}

/** Whether any request can reach code of the site at request time (else only files answer). */
function runsSiteCode(site: Site): boolean {
  const { manifest } = site;
  if ((typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && site.renderAll) || site.app.islands || site.app.actions) return true;
  const onDemand = (route: { prerender: boolean } | undefined): boolean => route !== undefined && !route.prerender;
  return onDemand(manifest.notFound) || onDemand(manifest.serverError) || manifest.routes.some((route) => route.kind !== 'redirect' && !route.prerender);
}

/** Reads the unwanted body to its end first: a connection left with unread bytes is closed, or hangs behind a proxy. */
async function drained(request: Request, answer: Response): Promise<Response> {
  await request.arrayBuffer().catch(() => undefined);
  return answer;
}

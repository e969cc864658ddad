/**
 * `security.checkOrigin`: what a browser can send cross-site without a CORS preflight is a
 * "simple" request (https://fetch.spec.whatwg.org/#cors-safelisted-method): GET, HEAD or POST,
 * with no content type or one a form can send. Of those only POST changes anything, so a POST
 * with such a type (or none) must come from this origin, the configured `site`, or a forwarded
 * host the config trusts. PUT, PATCH and DELETE are preflighted by every browser, so a
 * cross-site page cannot send them unless the route's CORS answer allows it. Browsers send
 * `Origin` with every request that is not GET or HEAD (https://fetch.spec.whatwg.org/#append-a-request-origin-header;
 * `null` where they hide it), and no page can remove it, so a POST without one is not a
 * browser's: API clients (curl, servers) get the route's own answer.
 */

/** What `<form enctype>` can send: https://html.spec.whatwg.org/#attr-fs-enctype */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** The settings as the manifest carries them. */
export interface OriginCheck {
  site?: string;
  allowedDomains: string[];
}

/**
 * A 403 for a cross-site form submission, or undefined when the request may go on. `anyType`
 * (action calls) refuses a POST whose Origin names another site whatever its content type.
 */
export function refuseCrossOrigin(request: Request, url: URL, check: OriginCheck, anyType = false): Response | undefined {
  if (request.method !== 'POST') return undefined;
  const type = request.headers.get('content-type');
  if (!anyType && type !== null && !FORM_TYPES.has(type.split(';', 1)[0]!.trim().toLowerCase())) return undefined;
  const origin = request.headers.get('origin');
  if (origin === null || (origin === url.origin || origin === check.site || forwardedOrigin(request, url, check) === origin)) return undefined;
  return new Response(`Cross-site ${request.method} form submissions are forbidden`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** The origin a trusted proxy says the visitor used (`X-Forwarded-Host`, `X-Forwarded-Proto`). */
function forwardedOrigin(request: Request, url: URL, check: OriginCheck): string | undefined {
  if (check.allowedDomains.length === 0) return undefined;
  const host = request.headers.get('x-forwarded-host')?.split(',', 1)[0]!.trim().toLowerCase();
  if (!host || !check.allowedDomains.includes(host)) return undefined;
  const proto = request.headers.get('x-forwarded-proto')?.split(',', 1)[0]!.trim().toLowerCase();
  return `${proto === 'http' || proto === 'https' ? proto : url.protocol.slice(0, -1)}://${host}`;
}

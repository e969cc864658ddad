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
import type { ForwardedOrigin } from './forwarded-origin.ts';
import type { Site } from './stages/site.ts';

/** What `<form enctype>` can send: https://html.spec.whatwg.org/#attr-fs-enctype */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** The settings as the manifest carries them. */
export interface OriginCheck {
  site?: string;
  /** `security.allowedDomains`, bundled when it has any (app.forwardedOrigin). */
  forwarded?: ForwardedOrigin;
}

/** The origin check of `site`, or undefined when `security.checkOrigin` is off. */
export function originCheck(site: Site): OriginCheck | undefined {
  const { manifest } = site;
  const security = manifest.security;
  return security?.checkOrigin !== false ? { site: manifest.site, forwarded: site.app.forwardedOrigin } : undefined;
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
  if (origin === null || (origin === url.origin || origin === check.site || check.forwarded?.(request, url) === origin)) return undefined;
  return new Response(`Cross-site ${request.method} form submissions are forbidden`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

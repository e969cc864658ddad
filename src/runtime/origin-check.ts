/**
 * `security.checkOrigin` (Astro's scope): an on-demand POST, PUT, PATCH or DELETE whose content
 * type a form can send (or none) must come from this origin, the configured `site`, or a
 * forwarded host the config trusts. Browsers send `Origin` with every such request.
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What `<form enctype>` can send: https://html.spec.whatwg.org/#attr-fs-enctype */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** The settings as the manifest carries them. */
export interface OriginCheck {
  site?: string;
  allowedDomains: string[];
}

/** A 403 for a cross-site form submission, or undefined when the request may go on. */
export function refuseCrossOrigin(request: Request, url: URL, check: OriginCheck): Response | undefined {
  if (!UNSAFE.has(request.method)) return undefined;
  const type = request.headers.get('content-type');
  if (type !== null && !FORM_TYPES.has(type.split(';', 1)[0]!.trim().toLowerCase())) return undefined;
  const origin = request.headers.get('origin');
  if (origin !== null && (origin === url.origin || origin === check.site || forwardedOrigin(request, url, check) === origin)) return undefined;
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

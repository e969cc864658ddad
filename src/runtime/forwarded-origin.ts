/**
 * `security.allowedDomains`: the proxies the origin check trusts. Bundled only when the config
 * lists domains (site-wiring.ts); without it a POST's Origin must be this origin or `site`.
 */

/** The origin a trusted proxy says the visitor used, or undefined. */
export type ForwardedOrigin = (request: Request, url: URL) => string | undefined;

/** Reads `X-Forwarded-Host` (and `X-Forwarded-Proto`) when the host is one of `allowedDomains`. */
export function forwardedOrigin(allowedDomains: readonly string[] = []): ForwardedOrigin {
  return (request, url) => {
    if (allowedDomains.length === 0) return undefined;
    const host = request.headers.get('x-forwarded-host')?.split(',', 1)[0]!.trim().toLowerCase();
    if (!host || !allowedDomains.includes(host)) return undefined;
    const proto = request.headers.get('x-forwarded-proto')?.split(',', 1)[0]!.trim().toLowerCase();
    return `${proto === 'http' || proto === 'https' ? proto : url.protocol.slice(0, -1)}://${host}`;
  };
}

/** The `Content-Security-Policy` header of on-demand pages: the configured directives plus the response's nonce. */

/** The response header a policy goes in: enforced, or only reported. */
export const cspHeaderName = (reportOnly: boolean | undefined): string => (reportOnly ? 'content-security-policy-report-only' : 'content-security-policy');

/** The directives as the manifest carries them (keywords already quoted). */
export type CspDirectives = Record<string, string[]>;

const NONCED = ['script-src', 'script-src-elem', 'style-src', 'style-src-elem'];

/** Builds the header's parts once per handler: `header(nonce)` is one join per request. */
export function noncePolicy(directives: CspDirectives): (nonce: string) => string {
  const names = Object.keys(directives);
  const targets = new Set(NONCED.filter((name) => name in directives));
  // Without a script directive scripts obey default-src, so the nonce goes there.
  if (!('script-src' in directives) && !('script-src-elem' in directives) && 'default-src' in directives) targets.add('default-src');
  const parts = names.map((name) => ({ name, sources: directives[name]!.join(' '), nonce: targets.has(name) }));
  return (nonce) =>
    parts
      .map(({ name, sources, nonce: withNonce }) => {
        const value = withNonce ? (sources ? `${sources} 'nonce-${nonce}'` : `'nonce-${nonce}'`) : sources;
        return value ? `${name} ${value}` : name;
      })
      .join('; ');
}

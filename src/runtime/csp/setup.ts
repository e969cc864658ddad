/** What a bundle with `security.csp` gives the handler: the header of on-demand pages and their nonces. */
import type { Manifest } from '../../manifest.ts';
import { newNonce } from './nonce.ts';
import { cspHeaderName, noncePolicy } from './policy.ts';

export interface CspSupport {
  /** The header's name (enforced or report-only). */
  name: string;
  /** The header's value for one response's nonce. */
  value(nonce: string): string;
  /** A fresh nonce for one response. */
  nonce(): string;
}

/** The policy of `security` (the manifest's), or undefined when it has none. */
export function cspSupport(security: Manifest['security']): CspSupport | undefined {
  if (!security?.csp) return undefined;
  return { name: cspHeaderName(security.cspReportOnly), value: noncePolicy(security.csp), nonce: newNonce };
}

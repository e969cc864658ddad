/** The per-response CSP nonce (`ctx.csp.nonce`). */

/** `ctx.csp`: the nonce the `Content-Security-Policy` header of this page names ('' without a policy). */
export interface CspNonce {
  readonly nonce: string;
}

/** 128 random bits, base64: a fresh nonce for one response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

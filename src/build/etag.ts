/** The ETag of a static file: the sha256 of its bytes, shortened (the asset manifest and the prerendered pages' writer agree on it). */
import type { Hash } from 'node:crypto';

/** `"<27 chars of base64url sha256>"` from a hash fed the file's bytes. */
export function etagOf(hash: Hash): string {
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}

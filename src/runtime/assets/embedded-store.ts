/**
 * The embedded store: files carried inside the server bundle, for platforms with neither a
 * filesystem nor an asset binding (edge functions behind a CDN). Text is kept as a string,
 * anything else as base64, decoded once on first use.
 */
import type { AssetStore } from './asset-server.ts';

/** path -> file: a string holds UTF-8 text, `{ base64 }` holds bytes. */
export type EmbeddedFiles = Record<string, string | { base64: string }>;

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A store over files embedded in the bundle. */
export function createEmbeddedStore(files: EmbeddedFiles): AssetStore {
  const decoded = new Map<string, Uint8Array>();
  return {
    open(path) {
      if (!Object.hasOwn(files, path)) return null;
      const file = files[path]!;
      if (typeof file === 'string') return file;
      let bytes = decoded.get(path);
      if (!bytes) decoded.set(path, (bytes = decode(file.base64)));
      return bytes;
    },
  };
}

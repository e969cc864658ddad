/** Build time: files of dist/client as data for the embedded asset store. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssetManifest } from '../runtime/assets/asset-server.ts';
import type { EmbeddedFiles } from '../runtime/assets/embedded-store.ts';

/** The files of `manifest` that `include` picks, read from `clientDir`: UTF-8 text as strings, the rest as base64. */
export function embedAssets(clientDir: string, manifest: AssetManifest, include: (path: string) => boolean = () => true): { manifest: AssetManifest; files: EmbeddedFiles } {
  const picked: AssetManifest = {};
  const files: EmbeddedFiles = {};
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [path, info] of Object.entries(manifest)) {
    if (!include(path)) continue;
    picked[path] = info;
    const bytes = readFileSync(join(clientDir, path));
    let text: string | undefined;
    if (info.type.includes('charset=utf-8')) {
      try {
        text = decoder.decode(bytes);
      } catch {
        text = undefined;
      }
    }
    files[path] = text ?? { base64: bytes.toString('base64') };
  }
  return { manifest: picked, files };
}

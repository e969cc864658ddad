/** Build time: lists `dist/client` as the asset manifest (size, content type, ETag). */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import mime from 'mime';
import type { AssetManifest } from '../runtime/assets/asset-server.ts';
import { CLIENT_DIR } from './client/build-client.ts';

const TEXT = /^(text\/|application\/(json|javascript|xml|ld\+json|manifest\+json|rss\+xml|atom\+xml)|image\/svg\+xml)/;
/** Names with a content hash (`app.3f9a1c2e.js`, `chunk-BX4v9aQz.css`) never change: cache forever. */
const FINGERPRINT = /[.-][A-Za-z0-9_]{8,}\.[a-z0-9]+$/;

/** Content-Type for a file name, with charset for text. */
export function contentType(path: string): string {
  const type = mime.getType(path) ?? 'application/octet-stream';
  return TEXT.test(type) ? `${type}; charset=utf-8` : type;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
}

/** Every file under `clientDir`, keyed by its URL path. */
export function buildAssetManifest(clientDir: string): AssetManifest {
  const files: string[] = [];
  walk(clientDir, files);
  const manifest: AssetManifest = {};
  for (const full of files.sort()) {
    const path = '/' + relative(clientDir, full).split(sep).join('/');
    if (path === '/_headers' || path === '/_redirects' || path === '/.assetsignore') continue;
    const bytes = readFileSync(full);
    const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
    manifest[path] = { size: bytes.length, type: contentType(path), etag: `"${hash}"` };
    if (FINGERPRINT.test(path) || path.includes(`/${CLIENT_DIR}/`)) manifest[path]!.immutable = true;
  }
  return manifest;
}

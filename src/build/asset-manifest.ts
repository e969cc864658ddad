/** Build time: lists `dist/client` as the asset manifest (size, content type, ETag). */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import mime from 'mime';
import type { AssetManifest } from '../runtime/assets/asset-server.ts';
import { CLIENT_DIR } from './client/build-client.ts';
import { etagOf } from './etag.ts';

const TEXT = /^(text\/|application\/(json|javascript|xml|ld\+json|manifest\+json|rss\+xml|atom\+xml)|image\/svg\+xml)/;
/** Names with a content hash (`app.3f9a1c2e.js`, `chunk-BX4v9aQz.css`) never change: cache forever. */
const FINGERPRINT = /[.-][A-Za-z0-9_]{8,}\.[a-z0-9]+$/;

/** Content-Type for a file name, with charset for text. */
export function contentType(path: string): string {
  const type = mime.getType(path) ?? 'application/octet-stream';
  return TEXT.test(type) ? `${type}; charset=utf-8` : type;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(full).isDirectory())) walk(full, out);
    else out.push(full);
  }
}

/**
 * Every file under `clientDir`, keyed by its URL path. `known` gives the size and ETag of files the
 * build wrote and hashed as it wrote them (prerendered pages), so they are not read again.
 */
export function buildAssetManifest(clientDir: string, known?: ReadonlyMap<string, { size: number; etag: string }>): AssetManifest {
  const files: string[] = [];
  walk(clientDir, files);
  const manifest: AssetManifest = {};
  for (const full of files.sort()) {
    const path = '/' + relative(clientDir, full).split(sep).join('/');
    if (path === '/_headers' || path === '/_redirects' || path === '/.assetsignore') continue;
    const page = known?.get(path);
    if (page) manifest[path] = { size: page.size, type: contentType(path), etag: page.etag };
    else {
      const bytes = readFileSync(full);
      manifest[path] = { size: bytes.length, type: contentType(path), etag: etagOf(createHash('sha256').update(bytes)) };
    }
    if (FINGERPRINT.test(path) || path.includes(`/${CLIENT_DIR}/`)) manifest[path]!.immutable = true;
  }
  return manifest;
}

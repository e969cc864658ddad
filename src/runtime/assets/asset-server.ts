/**
 * Static assets: one serving module (ETag, 304, HEAD, Range, Cache-Control) over small
 * per-platform stores that only open files. The manifest, written by the build, is the only
 * list of files: a path that is not a key in it is never opened, so no request can reach
 * outside the asset folder.
 */

/** One file in the asset manifest. */
export interface AssetInfo {
  size: number;
  /** Content-Type, with charset for text. */
  type: string;
  /** Strong ETag, quoted. */
  etag: string;
  /** True for fingerprinted names, served as immutable. */
  immutable?: boolean;
  /** Headers the build fixed for this file (a prerendered page's `security.csp` hash policy). */
  headers?: Record<string, string>;
}

/** path ('/about/index.html') -> file facts. */
export type AssetManifest = Record<string, AssetInfo>;

export type AssetBody = ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer | string;

/** What a platform gives: a way to read a file named by its manifest path. */
export interface AssetStore {
  open(path: string): Promise<AssetBody | null> | AssetBody | null;
  /** Reads bytes `start`..`end` inclusive, when the platform can do so without reading the whole file. */
  openRange?(path: string, start: number, end: number): Promise<AssetBody | null> | AssetBody | null;
}

/** Serves static files to the handler. */
export interface AssetServer {
  /** True when the platform already answered every exact file path before the handler ran. */
  readonly servesFilesFirst?: boolean;
  /** The file at `path` as a response to `request`, or null when there is no such file. */
  serve(request: Request, path: string, status?: number): Promise<Response | null>;
}

const HTML_CACHE = 'public, max-age=0, must-revalidate';
/** Cache-Control of content-hashed files: they never change under their name. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  for (const candidate of header.split(',')) {
    const tag = candidate.trim();
    if (tag === etag || tag === `W/${etag}`) return true;
  }
  return false;
}

/**
 * Parses a single `bytes=a-b` range; undefined for none, several or an invalid one (RFC 9110
 * §14.2 lets a server ignore those and send the whole file), null when unsatisfiable (416).
 */
function parseRange(header: string, size: number): { start: number; end: number } | null | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    // `bytes=9-3` is not a range at all (§14.1.1): ignored rather than unsatisfiable.
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return null;
  return { start, end };
}

async function sliceBody(body: AssetBody, start: number, end: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await new Response(body as BodyInit).arrayBuffer());
  return bytes.subarray(start, end + 1);
}

/**
 * The manifest key for a request path: as given, or percent-decoded (`/hello%20world.txt`).
 * Decoding is safe: the result is only ever a lookup key, never a filesystem path.
 */
function manifestKey(manifest: AssetManifest, path: string): string | undefined {
  if (Object.hasOwn(manifest, path)) return path;
  if (path.indexOf('%') === -1) return undefined;
  try {
    const decoded = decodeURIComponent(path);
    return Object.hasOwn(manifest, decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** The shared asset server over a manifest and a store. */
export function createAssetServer(manifest: AssetManifest, store: AssetStore): AssetServer {
  return {
    async serve(request, requestPath, status = 200) {
      const path = manifestKey(manifest, requestPath);
      if (path === undefined) return null;
      const info = manifest[path]!;
      const headers = new Headers({
        'content-type': info.type,
        etag: info.etag,
        'cache-control': info.immutable ? IMMUTABLE_CACHE : HTML_CACHE,
        ...info.headers,
      });
      const method = request.method;
      if (method !== 'GET' && method !== 'HEAD') {
        if (status !== 200) return null;
        headers.set('allow', 'GET, HEAD');
        return new Response(null, { status: 405, headers });
      }
      if (status === 200) {
        headers.set('accept-ranges', 'bytes');
        const inm = request.headers.get('if-none-match');
        if (inm !== null && etagMatches(inm, info.etag)) return new Response(null, { status: 304, headers });
        const rangeHeader = request.headers.get('range');
        if (rangeHeader !== null && info.size > 0) {
          const ifRange = request.headers.get('if-range');
          const range = ifRange === null || ifRange === info.etag ? parseRange(rangeHeader, info.size) : undefined;
          if (range === null) {
            headers.set('content-range', `bytes */${info.size}`);
            return new Response(null, { status: 416, headers });
          }
          if (range) {
            headers.set('content-range', `bytes ${range.start}-${range.end}/${info.size}`);
            headers.set('content-length', String(range.end - range.start + 1));
            if (method === 'HEAD') return new Response(null, { status: 206, headers });
            const body = store.openRange
              ? await store.openRange(path, range.start, range.end)
              : await Promise.resolve(store.open(path)).then((b) => (b === null ? null : sliceBody(b, range.start, range.end)));
            if (body === null) return null;
            return new Response(body as BodyInit, { status: 206, headers });
          }
        }
      }
      headers.set('content-length', String(info.size));
      if (method === 'HEAD') return new Response(null, { status, headers });
      const body = await store.open(path);
      if (body === null) return null;
      return new Response(body as BodyInit, { status, headers });
    },
  };
}

/**
 * A filesystem store (server runtimes): the platform hands over one primitive that reads a
 * file by URL. Only manifest keys reach `open` (createAssetServer checks first), and each key
 * is resolved under the asset folder segment by segment, so no request can name a path outside.
 */
import type { AssetBody, AssetStore } from './asset-server.ts';

/** Reads the file at `url` (a `file:` URL under the asset folder); throws when it is missing. */
export type ReadFile = (url: URL) => Promise<AssetBody> | AssetBody;

/** Reads bytes `start`..`end` (inclusive) of the file at `url` without reading the rest. */
export type ReadFileRange = (url: URL, start: number, end: number) => Promise<AssetBody> | AssetBody;

/** The `file:` URL of manifest key `path` ('/about/index.html') inside `folder` (a URL ending in '/'). */
export function fileUrl(folder: URL, path: string): URL {
  // Encoding each segment keeps '?', '#' and '%' in file names literal; '..' never occurs in a key.
  const relative = path.split('/').filter((s) => s !== '' && s !== '.' && s !== '..').map(encodeURIComponent).join('/');
  return new URL(relative, folder);
}

/** A store over the asset folder at `folder`, read with the platform's `read` (and `readRange` when it has one). */
export function createFileStore(folder: URL, read: ReadFile, readRange?: ReadFileRange): AssetStore {
  const base = folder.href.endsWith('/') ? folder : new URL(folder.href + '/');
  const store: AssetStore = {
    async open(path) {
      try {
        return await read(fileUrl(base, path));
      } catch {
        // A file deleted after the build: the handler falls through to routes, then 404.
        return null;
      }
    },
  };
  if (readRange) {
    store.openRange = async (path, start, end) => {
      try {
        return await readRange(fileUrl(base, path), start, end);
      } catch {
        return null;
      }
    };
  }
  return store;
}

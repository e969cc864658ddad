/**
 * dist/client between two builds. Making and removing thousands of folders is most of a large
 * build's time (each page is a folder: `static/42/index.html`), so a build keeps the pages the
 * last one wrote and may reuse (prerender-cache.ts) where they are, and removes every other file.
 */
import { existsSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes every file under `dir` whose path (relative, with '/', e.g. '/blog/a/index.html') `keep`
 * refuses, and the folders left empty; returns the kept paths.
 */
export function keepOnly(dir: string, keep: (path: string) => boolean): Set<string> {
  const found = new Set<string>();
  const visit = (full: string, rel: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(full, { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      const child = join(full, entry.name);
      if (entry.isDirectory()) {
        if (visit(child, path)) rmdirSync(child);
        else empty = false;
      } else if (keep(path)) {
        found.add(path);
        empty = false;
      } else unlinkSync(child);
    }
    return empty;
  };
  if (existsSync(dir)) visit(dir, '');
  return found;
}

/** Whether a site's dist/ is newer than everything it was built from, and a lock so one build runs at a time. */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_STAMP, type BuildStamp } from '../build/build-site.ts';

/** Folders that never feed a build (tests change without the site changing). */
const IGNORED = new Set(['node_modules', 'dist', 'test', 'tests', 'coverage']);

function newestInput(dir: string, depth = 0): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') ? !/^\.(dev\.vars|env)/.test(entry.name) : depth === 0 && IGNORED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? Math.max(statSync(path).mtimeMs, newestInput(path, depth + 1)) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** The stamp of the build in `outDir` (default `root/dist`), if that build is newer than every source file. */
export function upToDateBuild(root: string, outDir = join(root, 'dist')): BuildStamp | undefined {
  const file = join(outDir, 'server', BUILD_STAMP);
  try {
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as BuildStamp;
    return statSync(file).mtimeMs > newestInput(root) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` while holding `root/dist/.build-lock`, so test files that start side by side
 * build a site once. A lock older than `staleMs` (a crashed run) is taken over.
 */
export async function withBuildLock<T>(root: string, work: () => Promise<T>, staleMs = 5 * 60_000): Promise<T> {
  const lock = join(root, 'dist/.build-lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

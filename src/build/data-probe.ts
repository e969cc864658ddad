/**
 * Notices data read while pages render (a `fetch`, a file read through `node:fs`): such a page is rendered again by the next build, since nothing in its module
 * graph or `getStaticPaths` entry says when that data changes (docs/incremental-builds.md).
 * Pages render concurrently: the page a read belongs to is the async context it runs in (a read
 * outside any page's context marks every page in flight).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** The reads of `node:fs` (and `node:fs/promises`) a page may make to get data. */
const FS_READS = ['readFile', 'readFileSync', 'readdir', 'readdirSync', 'createReadStream', 'openAsBlob'] as const;
const PROMISE_READS = ['readFile', 'readdir', 'open'] as const;

/** Wraps `names` of `target` so each call runs `mark` first; returns the undo. */
function wrap(target: Record<string, unknown>, names: readonly string[], mark: () => void): () => void {
  const originals = names.filter((name) => typeof target[name] === 'function').map((name) => [name, target[name] as (...args: unknown[]) => unknown] as const);
  for (const [name, original] of originals) {
    target[name] = function (this: unknown, ...args: unknown[]) {
      mark();
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [name, original] of originals) target[name] = original;
  };
}

export interface DataProbe {
  /** Runs `render` as page `id`; resolves with whether data was read while it ran. */
  watch<T>(id: number, render: () => Promise<T>): Promise<{ value: T; read: boolean }>;
  /** Puts `fetch` back. */
  dispose(): void;
}

/** Installs the probe in this thread: wraps `globalThis.fetch` and the fs reads (ESM imports included) until `dispose()`. */
export function installDataProbe(): DataProbe {
  const inFlight = new Set<number>();
  const read = new Set<number>();
  const page = new AsyncLocalStorage<number>();
  const mark = (): void => {
    const id = page.getStore();
    if (id !== undefined) read.add(id);
    else for (const id of inFlight) read.add(id);
  };
  const undo = [
    wrap(globalThis as unknown as Record<string, unknown>, ['fetch'], mark),
    wrap(fs as unknown as Record<string, unknown>, FS_READS, mark),
    wrap(fs.promises as unknown as Record<string, unknown>, PROMISE_READS, mark),
  ];
  // `import { readFileSync } from 'node:fs'` in the prerender bundle sees the wrappers too.
  syncBuiltinESMExports();
  return {
    async watch(id, render) {
      inFlight.add(id);
      try {
        const value = await page.run(id, render);
        return { value, read: read.has(id) };
      } finally {
        inFlight.delete(id);
        read.delete(id);
      }
    },
    dispose() {
      for (const restore of undo) restore();
      syncBuiltinESMExports();
    },
  };
}

/**
 * Notices data read while pages render (a `fetch`, a file read through `node:fs`): such a page
 * is rendered again by the next build, since nothing in its module graph or `getStaticPaths`
 * entry says when that data changes (docs/incremental-builds.md).
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

/** The probes installed in this thread (two builds may overlap in one process): the wrappers go in with the first and out with the last. */
const probes = new Set<() => void>();
let unwrap: (() => void) | undefined;

function markAll(): void {
  for (const mark of probes) mark();
}

function addProbe(mark: () => void): void {
  probes.add(mark);
  if (unwrap) return;
  const undo = [
    wrap(globalThis as unknown as Record<string, unknown>, ['fetch'], markAll),
    wrap(fs as unknown as Record<string, unknown>, FS_READS, markAll),
    wrap(fs.promises as unknown as Record<string, unknown>, PROMISE_READS, markAll),
  ];
  // `import { readFileSync } from 'node:fs'` in the prerender bundle sees the wrappers too.
  syncBuiltinESMExports();
  unwrap = () => {
    for (const restore of undo) restore();
    syncBuiltinESMExports();
  };
}

function removeProbe(mark: () => void): void {
  probes.delete(mark);
  if (probes.size > 0 || !unwrap) return;
  unwrap();
  unwrap = undefined;
}

export interface DataProbe {
  /** Runs `render` as page `id`; resolves with whether data was read while it ran. */
  watch<T>(id: number, render: () => Promise<T>): Promise<{ value: T; read: boolean }>;
  /** Stops watching (the last probe puts `fetch` and the fs reads back). */
  dispose(): void;
}

/** Installs a probe in this thread: `globalThis.fetch` and the fs reads (ESM imports included) are watched until `dispose()`. */
export function installDataProbe(): DataProbe {
  const inFlight = new Set<number>();
  const read = new Set<number>();
  const page = new AsyncLocalStorage<number>();
  const mark = (): void => {
    const id = page.getStore();
    if (id !== undefined) {
      if (inFlight.has(id)) read.add(id);
    } else for (const id of inFlight) read.add(id);
  };
  addProbe(mark);
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
      removeProbe(mark);
    },
  };
}

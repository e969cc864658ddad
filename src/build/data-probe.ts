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

/** A page being rendered under a probe: whether it read data yet. */
interface PageWatch {
  read: boolean;
}

/**
 * One async context for every probe in this thread, so a read is charged to the page that made
 * it even when two builds overlap in one process (a read outside any page marks every page in
 * flight, of every probe).
 */
const currentPage = new AsyncLocalStorage<PageWatch>();
/** Per installed probe, its pages in flight; the wrappers go in with the first probe and out with the last. */
const probes = new Set<Set<PageWatch>>();
let unwrap: (() => void) | undefined;

function markRead(): void {
  const page = currentPage.getStore();
  if (page) page.read = true;
  else for (const inFlight of probes) for (const watched of inFlight) watched.read = true;
}

function addProbe(inFlight: Set<PageWatch>): void {
  probes.add(inFlight);
  if (unwrap) return;
  const undo = [
    wrap(globalThis as unknown as Record<string, unknown>, ['fetch'], markRead),
    wrap(fs as unknown as Record<string, unknown>, FS_READS, markRead),
    wrap(fs.promises as unknown as Record<string, unknown>, PROMISE_READS, markRead),
  ];
  // `import { readFileSync } from 'node:fs'` in the prerender bundle sees the wrappers too.
  syncBuiltinESMExports();
  unwrap = () => {
    for (const restore of undo) restore();
    syncBuiltinESMExports();
  };
}

function removeProbe(inFlight: Set<PageWatch>): void {
  probes.delete(inFlight);
  if (probes.size > 0 || !unwrap) return;
  unwrap();
  unwrap = undefined;
}

export interface DataProbe {
  /** Runs `render` as one page; resolves with whether data was read while it ran. */
  watch<T>(render: () => Promise<T>): Promise<{ value: T; read: boolean }>;
  /** Stops watching (the last probe puts `fetch` and the fs reads back). */
  dispose(): void;
}

/** Installs a probe in this thread: `globalThis.fetch` and the fs reads (ESM imports included) are watched until `dispose()`. */
export function installDataProbe(): DataProbe {
  const inFlight = new Set<PageWatch>();
  addProbe(inFlight);
  return {
    async watch(render) {
      const page: PageWatch = { read: false };
      inFlight.add(page);
      try {
        const value = await currentPage.run(page, render);
        return { value, read: page.read };
      } finally {
        inFlight.delete(page);
      }
    },
    dispose() {
      removeProbe(inFlight);
    },
  };
}

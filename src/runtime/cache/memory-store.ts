/** In-memory route cache (node, bun, deno, dev): one isolate's Map, least recently used dropped first. */
import type { CachedEntry, CacheProvider, CacheStore, EntryMeta } from './types.ts';

/** A store holding at most `maxEntries` responses. */
export function createMemoryStore(maxEntries = 1000): CacheStore {
  const entries = new Map<string, { meta: EntryMeta; body: ArrayBuffer }>();
  const invalidated = new Map<string, number>();
  return {
    async get(key): Promise<CachedEntry | undefined> {
      const entry = entries.get(key);
      if (!entry) return undefined;
      // Re-inserted: Map order is the LRU order.
      entries.delete(key);
      entries.set(key, entry);
      // A copy: a runtime may take over (detach) the buffer a Response was made from.
      return { meta: entry.meta, body: entry.body.slice(0) };
    },
    async put(key, meta, body) {
      entries.delete(key);
      entries.set(key, { meta, body });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    async invalidatedAt(tags) {
      let latest = 0;
      for (const tag of tags) latest = Math.max(latest, invalidated.get(tag) ?? 0);
      return latest;
    },
    async invalidate(tags) {
      const now = Date.now();
      for (const tag of tags) invalidated.set(tag, now);
    },
  };
}

/** The in-memory provider: one store for the process. */
export function memoryCache(maxEntries?: number): CacheProvider {
  const store = createMemoryStore(maxEntries);
  return { kind: 'store', store: () => store };
}

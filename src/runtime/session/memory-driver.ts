/** Sessions in this process's memory, least recently used dropped first: node, bun, dev and tests. */
import type { SessionDriver, SessionDriverFactory } from './driver.ts';

interface Entry {
  value: string;
  expires: number;
}

/** An LRU of at most `max` sessions; one store per factory, shared by every request of the process. */
export function memorySessions(max = 10_000): SessionDriverFactory {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const entries = new Map<string, Entry>();
  const driver: SessionDriver = {
    async get(id) {
      const entry = entries.get(id);
      if (!entry) return null;
      entries.delete(id);
      if (entry.expires <= Date.now()) return null;
      entries.set(id, entry);
      return entry.value;
    },
    async set(id, value, ttl) {
      entries.delete(id);
      entries.set(id, { value, expires: Date.now() + ttl * 1000 });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    async delete(id) {
      entries.delete(id);
    },
  };
  return () => driver;
}

/** The route cache's shapes: what a route asks for, what a store keeps, and the providers. */
import type { CacheRule } from '../../config.ts';

export type { CacheRule };

/** `ctx.cache.set()` options: fresh for `maxAge` s, then stale for `swr` s while refreshed, dropped by `tags`. */
export type CacheOptions = CacheRule;

/** What to drop: every entry with one of these tags, or every entry of this path (any query). */
export type InvalidateTarget = { tags: string[] } | { path: string };

/** A stored response's facts (the body is kept beside it). */
export interface EntryMeta {
  status: number;
  headers: Array<[string, string]>;
  /** When the render that produced it started (ms since the epoch). */
  storedAt: number;
  maxAge: number;
  swr: number;
  /** The rule's tags plus `path:<pathname>`. */
  tags: string[];
  /** Request header names the response varies on (lower case). */
  vary: string[];
}

export interface CachedEntry {
  meta: EntryMeta;
  body: BodyInit | null;
}

/** One place responses are kept: per platform (memory, Workers Cache API + KV). */
export interface CacheStore {
  get(key: string): Promise<CachedEntry | undefined>;
  put(key: string, meta: EntryMeta, body: ArrayBuffer): Promise<void>;
  /** The latest time (ms) any of `tags` was invalidated, 0 if never. */
  invalidatedAt(tags: string[]): Promise<number>;
  invalidate(tags: string[]): Promise<void>;
}

/**
 * How a platform caches: a store the handler reads and writes (Cloudflare, node, bun, deno, dev),
 * or headers that tell the platform's CDN what to keep (Vercel, Netlify).
 */
export type CacheProvider =
  | { kind: 'store'; store(env: unknown): CacheStore }
  | { kind: 'cdn'; name: string; headers(rule: Required<CacheRule>, session: CdnSession | undefined): Array<[string, string]> | undefined };

/** A site with sessions: its cookie, and whether this render opened the visitor's session (its output may depend on it). */
export interface CdnSession {
  cookie: string;
  opened: boolean;
}

/** Thrown by `invalidate()` where it cannot work, and for a missing cache binding. */
export class CacheConfigError extends Error {
  override name = 'CacheConfigError';
}

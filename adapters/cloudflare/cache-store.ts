/**
 * The route cache on Workers: responses in the Workers Cache API (`caches.default`, per data
 * centre, no setup), tag invalidations in a KV namespace (global) as tag -> time of the last
 * invalidation, needed only by a site that calls invalidate().
 * An entry is valid while none of its tags was invalidated after its render began, so a tag is
 * dropped everywhere with one KV write and no paid purge API. The isolate also keeps its most
 * used entries in memory in front of the Cache API (a hit there costs no Cache API read; the
 * same validity checks apply). Tag times are remembered for a few
 * seconds per isolate: an invalidation reaches other isolates within that, plus KV's own
 * propagation (up to about 60 s between data centres).
 */
import { CacheConfigError, type CacheProvider, type CacheStore, type EntryMeta } from '../../src/runtime/cache/types.ts';
import { createMemoryStore, memoryCache } from '../../src/runtime/cache/memory-store.ts';

interface KvTags {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

declare const caches: { default: { match(request: Request): Promise<Response | undefined>; put(request: Request, response: Response): Promise<void> } };

const META = 'x-edgepress-cache-meta';
const REMEMBER_MS = 5_000;
/** Entries an isolate keeps in memory in front of the Cache API (isolates have 128 MB). */
const HOT_ENTRIES = 200;

/** The store; without `kv` nothing can be invalidated, so every entry stays valid until it expires. */
function createWorkersStore(kv: KvTags | undefined, binding: string): CacheStore {
  const hot = createMemoryStore(HOT_ENTRIES);
  const known = new Map<string, { at: number; readAt: number }>();
  const tagTime = async (kv: KvTags, tag: string, now: number): Promise<number> => {
    const memo = known.get(tag);
    if (memo && now - memo.readAt < REMEMBER_MS) return memo.at;
    const at = Number((await kv.get('tag:' + tag)) ?? 0) || 0;
    known.set(tag, { at, readAt: now });
    return at;
  };
  return {
    async get(key) {
      const near = await hot.get(key);
      if (near) return near;
      const hit = await caches.default.match(new Request(key));
      const header = hit?.headers.get(META);
      if (!hit || !header) return undefined;
      const meta = JSON.parse(header) as EntryMeta;
      const body = await hit.arrayBuffer();
      await hot.put(key, meta, body);
      return { meta, body: body.slice(0) };
    },
    async put(key, meta, body) {
      await hot.put(key, meta, body.slice(0));
      // Kept by the Cache API for the whole fresh + stale window; the handler decides which it is.
      const seconds = Math.max(1, Math.ceil(meta.maxAge + meta.swr));
      await caches.default.put(new Request(key), new Response(body, { headers: { 'cache-control': `public, max-age=${seconds}`, [META]: JSON.stringify(meta) } }));
    },
    async invalidatedAt(tags) {
      if (!kv) return 0;
      const now = Date.now();
      const times = await Promise.all(tags.map((tag) => tagTime(kv, tag, now)));
      return Math.max(0, ...times);
    },
    async invalidate(tags) {
      if (!kv) throw new CacheConfigError(missingKv(binding));
      const now = Date.now();
      await Promise.all(tags.map((tag) => kv.put('tag:' + tag, String(now))));
      for (const tag of tags) known.set(tag, { at: now, readAt: now });
    },
  };
}

/** What to do when invalidate() runs without the tag namespace. */
function missingKv(binding: string): string {
  return (
    `invalidate() needs a KV namespace bound as ${binding} (tag invalidations live there; caching without them needs none). ` +
    'The build adds it to dist/server/wrangler.json when the site calls invalidate(); deploy with `npx wrangler deploy -c dist/server/wrangler.json`, ' +
    `or add "kv_namespaces": [{ "binding": "${binding}", "id": "<id from npx wrangler kv namespace create ${binding}>" }] to your wrangler config, ` +
    'or name another binding with `cache: { kvBinding }` in edgepress.config.ts.'
  );
}

/**
 * The Workers provider: responses in the Cache API (no setup), tag invalidations in the KV
 * namespace bound as `binding` when there is one; `dev` keeps everything in memory.
 */
export function workersCache(binding: string, dev: boolean): CacheProvider {
  if (dev) return memoryCache();
  const stores = new WeakMap<object, CacheStore>();
  let untagged: CacheStore | undefined;
  return {
    kind: 'store',
    store(env) {
      const kv = (env as Record<string, unknown> | undefined)?.[binding] as KvTags | undefined;
      if (!kv || typeof kv.get !== 'function') return (untagged ??= createWorkersStore(undefined, binding));
      let store = stores.get(kv);
      if (!store) stores.set(kv, (store = createWorkersStore(kv, binding)));
      return store;
    },
  };
}

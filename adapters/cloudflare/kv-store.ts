/** Workers KV as an asset store: each file is one KV value, keyed by its content hash. */
import type { AssetInfo, AssetManifest, AssetStore } from '../../src/runtime/assets/asset-server.ts';

/** The part of a KV namespace binding the store uses. */
export interface KvNamespace {
  get(key: string, options: { type: 'stream'; cacheTtl?: number }): Promise<ReadableStream<Uint8Array> | null>;
}

/** A key's value never changes (it is named by its content), so edge locations may cache it for a year. */
const CACHE_TTL = 365 * 24 * 3600;

/** The KV key of a file: its content hash, so a deploy never overwrites what the old version still reads. */
export function assetKey(info: AssetInfo): string {
  return `asset:${info.etag.slice(1, -1)}`;
}

/** A store reading manifest files from `kv`. */
export function createKvStore(kv: KvNamespace, manifest: AssetManifest): AssetStore {
  return {
    open(path) {
      const info = manifest[path];
      return info ? kv.get(assetKey(info), { type: 'stream', cacheTtl: CACHE_TTL }) : null;
    },
  };
}

/** Build time: dist/server/kv-assets.json, the file `wrangler kv bulk put` uploads to ASSETS_KV. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssetManifest } from '../../src/runtime/assets/asset-server.ts';
import { assetKey } from './kv-store.ts';

/** One entry of `wrangler kv bulk put`'s input. */
export interface KvBulkEntry {
  key: string;
  value: string;
  base64?: boolean;
}

/** Every file of the manifest as a KV entry keyed by content hash (identical files share one key). */
export function kvAssets(clientDir: string, manifest: AssetManifest): KvBulkEntry[] {
  const entries = new Map<string, KvBulkEntry>();
  for (const [path, info] of Object.entries(manifest)) {
    const key = assetKey(info);
    if (!entries.has(key)) entries.set(key, { key, value: readFileSync(join(clientDir, path)).toString('base64'), base64: true });
  }
  return [...entries.values()];
}

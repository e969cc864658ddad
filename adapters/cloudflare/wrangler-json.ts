/** `edgepress add cloudflare[-kv]` for a site whose wrangler config is JSON(C): edited in place, comments kept. */
import { applyEdits, modify } from 'jsonc-parser';
import { parseWranglerJson } from './wrangler-config.ts';

const PLACEHOLDER_ID = '00000000000000000000000000000000';

/**
 * The new wrangler.json(c) text. The build completes `main` and `assets` in
 * dist/server/wrangler.json, so only cloudflare-kv needs an edit: its ASSETS_KV namespace.
 */
export function wranglerJson(current: string, kv: boolean, name: string): string {
  if (!kv) return current;
  const config = parseWranglerJson(current, name) as { kv_namespaces?: Array<{ binding?: string }> };
  if ((config.kv_namespaces ?? []).some((ns) => ns.binding === 'ASSETS_KV')) return current;
  const entry = { binding: 'ASSETS_KV', id: PLACEHOLDER_ID };
  const path = config.kv_namespaces ? ['kv_namespaces', -1] : ['kv_namespaces'];
  const value = config.kv_namespaces ? entry : [entry];
  const edits = modify(current, path, value, { isArrayInsertion: config.kv_namespaces !== undefined, formattingOptions: { insertSpaces: true, tabSize: 2 } });
  return applyEdits(current, edits);
}

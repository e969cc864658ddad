/** A copy of the bench reference site (bench/site beside bench/shared, so its imports resolve). */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/**
 * Copies bench/site into `dir` as it is (its /cached-products/[id] is under a routeRules cache
 * rule) or without that route and rule (issue 28's reference: no route cache); returns the root.
 */
export function copyReferenceSite(dir: string, withCache: boolean): string {
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(REPO, 'bench/shared'), join(dir, 'shared'), { recursive: true });
  const root = join(dir, 'site');
  cpSync(join(REPO, 'bench/site'), root, { recursive: true, filter: (path) => !/[\\/](?:dist|node_modules|\.wrangler)$/.test(path) });
  if (!withCache) {
    rmSync(join(root, 'routes/cached-products'), { recursive: true });
    const config = join(root, 'edgepress.config.ts');
    const text = readFileSync(config, 'utf8').replace(/\n.*\n\s*routeRules:.*\n/, '\n');
    if (text.includes('routeRules')) throw new Error('bench/site/edgepress.config.ts: its routeRules line is not where this script expects it');
    writeFileSync(config, text);
  }
  return root;
}

/** `npx tsx bench/dev-reload.ts`: edit-to-reloaded-page times of `edgepress dev` on the demo and on bench/site (also part of `npm run bench`). */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureDevReload, type ReloadResult } from './lib/dev-reload.ts';

const REPO = join(import.meta.dirname, '..');

/** Both sites, five edits each. */
export async function benchDevReload(count = 5): Promise<ReloadResult[]> {
  return [
    await measureDevReload({ repo: REPO, tmp: tmpdir(), siteRoot: REPO, name: 'demo', page: 'routes/about.tsx', path: '/about', heading: 'About', count }),
    // Beside bench/site, so its imports of ../../../shared still resolve.
    await measureDevReload({ repo: REPO, tmp: join(REPO, 'bench'), siteRoot: join(REPO, 'bench/site'), name: 'bench/site (1,002 pages)', page: 'routes/index.tsx', path: '/', heading: 'edgepress benchmark', count }),
  ];
}

/** One line per site. */
export function formatDevReload(results: ReloadResult[]): string {
  return results
    .map((r) => `dev edit -> reloaded page  ${r.site}: median ${Math.round(r.median)} ms (${r.edits.map((ms) => Math.round(ms)).join(', ')})  [<= 300 ms: ${r.median <= 300 ? 'met' : 'MISSED'}]`)
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatDevReload(await benchDevReload()));

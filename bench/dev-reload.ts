/** `npx tsx bench/dev-reload.ts [edits]`: save-to-changed-page times of `edgepress dev` in Chromium, on the demo and on bench/site (also part of `npm run bench`). `DEV_RELOAD_LOG=1` prints each edit's timeline and the dev server's log. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureDevReload, type ReloadResult } from './lib/dev-reload.ts';

const REPO = join(import.meta.dirname, '..');

/** Both sites, `count` edits each. */
export async function benchDevReload(count = 20): Promise<ReloadResult[]> {
  return [
    await measureDevReload({ repo: REPO, tmp: tmpdir(), siteRoot: REPO, name: 'demo', page: 'routes/about.tsx', path: '/about', heading: 'About', count }),
    // Beside bench/site, so its imports of ../../../shared still resolve.
    await measureDevReload({ repo: REPO, tmp: join(REPO, 'bench'), siteRoot: join(REPO, 'bench/site'), name: 'bench/site (1,002 pages)', page: 'routes/index.tsx', path: '/', heading: 'edgepress benchmark', count }),
  ];
}

/** One line per site. */
export function formatDevReload(results: ReloadResult[]): string {
  return results
    .map((r) => `dev save -> page shows it  ${r.site}: median ${Math.round(r.median)} ms, p90 ${Math.round(r.p90)} ms over ${r.edits.length} edits (${r.edits.map((ms) => Math.round(ms)).join(', ')})  [median <= 100 ms: ${r.median <= 100 ? 'met' : 'MISSED'}]`)
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatDevReload(await benchDevReload(Number(process.argv[2] ?? 20))));

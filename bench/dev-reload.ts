/**
 * `npx tsx bench/dev-reload.ts [edits]`: save-to-changed-page times of `edgepress dev` in Chromium, on the demo and on bench/site (also part of `npm run bench`). `DEV_RELOAD_LOG=1` prints each edit's timeline and the dev server's log.
 * `npx tsx bench/dev-reload.ts [edits] --against DIR [--rounds N]`: the same sites served by this checkout's CLI and by DIR's (another checkout, with its node_modules), interleaved round by round (the order swapped each round) so both meet the same load; `edits` per site per round.
 */
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureDevReload, quantile, type ReloadResult } from './lib/dev-reload.ts';

const REPO = join(import.meta.dirname, '..');

/** Both sites, `count` edits each, served by the CLI of `cli` (default: this checkout). */
export async function benchDevReload(count = 20, cli = REPO): Promise<ReloadResult[]> {
  return [
    await measureDevReload({ repo: cli, tmp: tmpdir(), siteRoot: REPO, name: 'demo', page: 'routes/about.tsx', path: '/about', heading: 'About', count }),
    // Beside bench/site, so its imports of ../../../shared still resolve.
    await measureDevReload({ repo: cli, tmp: join(REPO, 'bench'), siteRoot: join(REPO, 'bench/site'), name: 'bench/site (1,002 pages)', page: 'routes/index.tsx', path: '/', heading: 'edgepress benchmark', count }),
  ];
}

/** One line per site. */
export function formatDevReload(results: ReloadResult[]): string {
  return results
    .map((r) => `dev save -> page shows it  ${r.site}: median ${Math.round(r.median)} ms, p90 ${Math.round(r.p90)} ms over ${r.edits.length} edits (${r.edits.map((ms) => Math.round(ms)).join(', ')})  [median <= 100 ms: ${r.median <= 100 ? 'met' : 'MISSED'}]`)
    .join('\n');
}

/** This checkout against `other`, `rounds` interleaved rounds of `count` edits per site: each site's edits pooled per checkout. */
async function against(other: string, count: number, rounds: number): Promise<string> {
  const clis: Record<string, string> = { this: REPO, [other]: other };
  const pooled = new Map<string, ReloadResult>();
  const loads: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? Object.keys(clis) : Object.keys(clis).reverse();
    for (const name of order) {
      loads.push(loadavg()[0]!);
      for (const result of await benchDevReload(count, clis[name])) {
        const key = `${name}: ${result.site}`;
        const edits = [...(pooled.get(key)?.edits ?? []), ...result.edits];
        pooled.set(key, { site: key, edits, median: quantile(edits, 0.5), p90: quantile(edits, 0.9) });
      }
    }
  }
  loads.push(loadavg()[0]!);
  return `${formatDevReload([...pooled.values()].sort((a, b) => a.site.localeCompare(b.site)))}\nload average (1 min) during the run: ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const count = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 20);
  const other = flag('--against');
  console.log(other ? await against(other, count, Number(flag('--rounds') ?? 3)) : formatDevReload(await benchDevReload(count)));
}

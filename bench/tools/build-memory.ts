/**
 * A cold build's wall time and peak RSS with the bench's own function (bench/lib/measure-build.ts),
 * on the copy of bench/site with `--pages` pages (default 20,000), run as `--how` says (lib, source
 * or both; default both), `--runs` times each (default 3), interleaved with another checkout's
 * build (`--against DIR`, its lib/ compiled there) when given; `--edit`: after a one-file change
 * (an untimed build, then the home page's heading edited) instead of cold:
 *
 *   npx tsx bench/tools/build-memory.ts --runs 5 --against /tmp/before
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchSiteCopy, cold, measureBuild, oneFileChange, type BuildCommand, type BuildRun } from '../lib/measure-build.ts';

const REPO = join(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { pages: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' }, how: { type: 'string', default: 'both' }, against: { type: 'string' }, edit: { type: 'boolean', default: false } } });
const site = benchSiteCopy(REPO, Number(values.pages));
const hows: BuildCommand[] = values.how === 'both' ? ['lib', 'source'] : [values.how as BuildCommand];
const checkouts = [{ name: 'this', repo: REPO }, ...(values.against ? [{ name: 'against', repo: resolve(values.against) }] : [])];
const results = new Map<string, BuildRun[]>();
for (let i = 0; i < Number(values.runs); i++) {
  for (const how of hows) {
    for (const { name, repo } of checkouts) {
      const [run] = measureBuild(repo, site, 1, values.edit ? oneFileChange(repo, site, how) : cold(repo, site), how);
      const label = `${name} ${how}`;
      results.set(label, [...(results.get(label) ?? []), run!]);
      console.log(`${label.padEnd(14)} ${(run!.wallMs / 1000).toFixed(2)} s  ${run!.peakRssMb.toFixed(0)} MB`);
    }
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [label, runs] of results) {
  const rss = runs.map((r) => r.peakRssMb);
  console.log(`${label.padEnd(14)} median ${(median(runs.map((r) => r.wallMs)) / 1000).toFixed(2)} s, peak RSS median ${median(rss).toFixed(0)} MB (${Math.min(...rss).toFixed(0)}-${Math.max(...rss).toFixed(0)})`);
}

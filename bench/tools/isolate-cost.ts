/**
 * CPU time the worker's own code takes per request inside workerd, without workerd's HTTP floor
 * (bench/lib/isolate-cost.ts; `npm run bench` prints the same for /ssr and /products/42):
 *   npx tsx bench/tools/isolate-cost.ts [/ssr /products/42 ...]
 * Both bench/site (build it first) and the plain-hono baseline, in interleaved rounds, medians.
 * BENCH_ISOLATE=site runs only ours; SITE_BUNDLE picks another bundle; ISOLATE_N, ISOLATE_ROUNDS.
 */
import { join, resolve } from 'node:path';
import { bundleBaseline } from '../baseline/bundle.ts';
import { isolateCost } from '../lib/isolate-cost.ts';

const REPO = resolve(import.meta.dirname, '../..');
const TMP = join(REPO, 'bench/.tmp/isolate-cost');
const PATHS = process.argv.slice(2).length ? process.argv.slice(2) : ['/ssr', '/products/42', '/products/old-42', '/products/9999'];
const N = Number(process.env.ISOLATE_N ?? 20);
const ROUNDS = Number(process.env.ISOLATE_ROUNDS ?? 5);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const bundles: Record<string, string> = { edgepress: process.env.SITE_BUNDLE ?? join(REPO, 'bench/site/dist/server/index.js') };
if (process.env.BENCH_ISOLATE !== 'site') bundles.hono = await bundleBaseline(join(TMP, 'baseline.js'));
const samples = await isolateCost(bundles, PATHS, { tmp: TMP, siteRoot: join(REPO, 'bench/site'), n: N, rounds: ROUNDS });
console.log(`in-isolate CPU per call of the worker's fetch (N=${N}, ${ROUNDS} rounds, median [min-max]):`);
for (const path of PATHS) {
  const line = Object.keys(bundles).map((who) => {
    const xs = samples[who]![path]!;
    return `${who} ${median(xs).toFixed(1)} us [${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}]`;
  });
  console.log(`  ${path.padEnd(18)} ${line.join('   ')}`);
}

/**
 * Built workers against each other over HTTP, interleaved in the same rounds (who goes first
 * rotates), each behind bench/site's static assets as `npm run bench` serves them:
 *   npx tsx bench/tools/ab-http.ts BUNDLE... -- PATH...
 * e.g. a bundle built before a change, one after, and bench/.tmp/baseline/index.js (hono).
 * Prints each one's median CPU/req (workerd process) and req/s, and the ratios to the last one.
 * ROUNDS=8 rounds of SECONDS=3 s, 50 connections, cookie `visits=41` (as the route table).
 * Identical bundles have measured up to 7% apart (one workerd process each, on cores shared with
 * the load generator): pass a copy of a bundle too, as a control, before reading a small ratio.
 */
import { load } from '../lib/load.ts';
import { serveWorker, type Served } from '../lib/workers.ts';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const bundles = args.slice(0, split);
const paths = args.slice(split + 1);
if (split < 1 || paths.length === 0) throw new Error('usage: ab-http.ts BUNDLE... -- PATH...');
const rounds = Number(process.env.ROUNDS ?? 8);
const seconds = Number(process.env.SECONDS ?? 3);
const headers = { cookie: 'visits=41' };
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

const workers: Served[] = [];
try {
  for (const bundle of bundles) workers.push(await serveWorker(bundle, 'bench/site'));
  for (const w of workers) await load({ origin: w.url, paths, headers, connections: 50, seconds: 1 });
  const cpu = workers.map((): number[] => []);
  const rps = workers.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < workers.length; k++) {
      const i = (k + round) % workers.length;
      const before = workers[i]!.cpuMs();
      const result = await load({ origin: workers[i]!.url, paths, headers, connections: 50, seconds });
      cpu[i]!.push(((workers[i]!.cpuMs() - before) * 1000) / Math.max(1, result.total));
      rps[i]!.push(result.rps);
    }
  }
  const last = workers.length - 1;
  console.log(`${paths.join(' ')}: ${rounds} interleaved rounds of ${seconds} s, medians`);
  bundles.forEach((bundle, i) => {
    const ratios = i === last ? '' : `   vs last: req/s ${(median(rps[i]!) / median(rps[last]!)).toFixed(2)}x, CPU ${(median(cpu[last]!) / median(cpu[i]!)).toFixed(2)}x`;
    console.log(`  ${bundle}: CPU/req ${median(cpu[i]!).toFixed(0)} us, ${median(rps[i]!).toFixed(0)} req/s${ratios}`);
  });
} finally {
  await Promise.allSettled(workers.map((w) => w.dispose()));
}

/**
 * CPU time of each stage of the request path per request, inside workerd:
 *   npx tsx bench/tools/stage-costs.ts [stage name filter]
 * Bundles bench/tools/stage-worker.tsx (the stages from src/, on bench/site's manifest: build
 * bench/site first) and serves it; for each stage, the workerd process's CPU time per HTTP request
 * that runs the stage n times (1,000 for small stages, 50 for renders), minus one that runs it 0
 * times, over n. Interleaved rounds, medians.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { load } from '../lib/load.ts';
import { serveWorker } from '../lib/workers.ts';

const REPO = resolve(import.meta.dirname, '../..');
const OUT = join(REPO, 'bench/.tmp/stage-costs/worker.js');
const ROUNDS = Number(process.env.STAGE_ROUNDS ?? 5);
const filter = process.argv[2];

await build({
  entryPoints: [join(REPO, 'bench/tools/stage-worker.tsx')],
  outfile: OUT,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['workerd', 'worker', 'browser'],
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  define: { MANIFEST: readFileSync(join(REPO, 'bench/site/dist/server/manifest.json'), 'utf8'), __EDGEPRESS_DEV__: 'false' },
  logLevel: 'error',
});
const worker = await serveWorker(OUT, join(REPO, 'bench/site'));
const all = (await (await fetch(`${worker.url}/?names=1`)).json()) as Array<[string, number]>;
const runs = new Map(all.filter(([name]) => name !== 'none' && (!filter || name.includes(filter))));
const names = [...runs.keys()];
const cpu = async (stage: string, n: number): Promise<number> => {
  const before = worker.cpuMs();
  const result = await load({ origin: worker.url, paths: [`/?stage=${encodeURIComponent(stage)}&n=${n}`], connections: 4, seconds: 1 });
  if (result.bad || result.errors) throw new Error(`${stage}: ${result.bad} bad answers, ${result.errors} errors`);
  return ((worker.cpuMs() - before) * 1000) / Math.max(1, result.total);
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  for (const name of names) await cpu(name, runs.get(name)!);
  const samples = new Map<string, number[]>(names.map((name: string) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const zero = await cpu(name, 0);
      samples.get(name)!.push(((await cpu(name, runs.get(name)!)) - zero) / runs.get(name)!);
    }
  }
  console.log(`CPU per request inside workerd (${ROUNDS} rounds, median [min-max]; us):`);
  for (const [name, xs] of samples) console.log(`  ${name.padEnd(48)} ${median(xs).toFixed(2).padStart(8)}   [${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}]   n=${runs.get(name)}`);
} finally {
  await worker.dispose();
}

/**
 * CPU time the worker's own code takes per request inside workerd, without workerd's HTTP floor:
 *   npx tsx bench/tools/isolate-cost.ts [/ssr /products/42 ...]
 * A wrapper worker calls the built worker's `fetch` N times per HTTP request (reading each body to
 * its end); the workerd process's CPU time per HTTP request at N and at 0 gives the cost of one
 * call: (cpu(N) - cpu(0)) / N. Both bench/site (build it first) and the plain-hono baseline, in
 * interleaved rounds, medians. BENCH_ISOLATE=site runs only ours; SITE_BUNDLE picks another bundle.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { bundleBaseline } from '../baseline/bundle.ts';
import { load } from '../lib/load.ts';
import { serveWorker, type Served } from '../lib/workers.ts';

const REPO = resolve(import.meta.dirname, '../..');
const TMP = join(REPO, 'bench/.tmp/isolate-cost');
const PATHS = process.argv.slice(2).length ? process.argv.slice(2) : ['/ssr', '/products/42', '/products/old-42', '/products/9999'];
const N = Number(process.env.ISOLATE_N ?? 20);
const ROUNDS = Number(process.env.ISOLATE_ROUNDS ?? 5);

const WRAPPER = `
import worker from './index.js';
const ctx = { waitUntil() {}, passThroughOnException() {} };
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get('n'));
    const target = url.origin + url.searchParams.get('p');
    for (let i = 0; i < n; i++) {
      const res = await worker.fetch(new Request(target, { headers: { cookie: 'visits=41' } }), env, ctx);
      await res.arrayBuffer();
    }
    return new Response('ok');
  },
};
`;

async function serve(name: string, bundle: string): Promise<Served> {
  const dir = join(TMP, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(bundle, join(dir, 'index.js'));
  writeFileSync(join(dir, 'wrapper.js'), WRAPPER);
  // One module (Miniflare's module walker refuses some bundles as a second module).
  await build({ entryPoints: [join(dir, 'wrapper.js')], outfile: join(dir, 'worker.js'), bundle: true, format: 'esm', platform: 'browser', logLevel: 'silent' });
  return serveWorker(join(dir, 'worker.js'), join(REPO, 'bench/site'));
}

async function cpuPerRequest(server: Served, path: string, n: number): Promise<number> {
  const before = server.cpuMs();
  const result = await load({ origin: server.url, paths: [`/?n=${n}&p=${encodeURIComponent(path)}`], connections: 4, seconds: 1.5 });
  return ((server.cpuMs() - before) * 1000) / Math.max(1, result.total);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const workers: Array<[string, Served]> = [];
try {
  workers.push(['edgepress', await serve('site', process.env.SITE_BUNDLE ?? join(REPO, 'bench/site/dist/server/index.js'))]);
  if (process.env.BENCH_ISOLATE !== 'site') workers.push(['hono', await serve('baseline', await bundleBaseline(join(TMP, 'baseline.js')))]);
  const samples = new Map<string, number[]>();
  for (const [, w] of workers) for (const path of PATHS) await cpuPerRequest(w, path, N); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of PATHS) {
      for (const [who, w] of round % 2 ? [...workers].reverse() : workers) {
        const zero = await cpuPerRequest(w, path, 0);
        const full = await cpuPerRequest(w, path, N);
        const key = `${who} ${path}`;
        samples.set(key, [...(samples.get(key) ?? []), (full - zero) / N]);
      }
    }
  }
  console.log(`in-isolate CPU per call of the worker's fetch (N=${N}, ${ROUNDS} rounds, median [min-max]):`);
  for (const path of PATHS) {
    const line = workers.map(([who]) => {
      const xs = samples.get(`${who} ${path}`)!;
      return `${who} ${median(xs).toFixed(1)} us [${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}]`;
    });
    console.log(`  ${path.padEnd(18)} ${line.join('   ')}`);
  }
} finally {
  await Promise.allSettled(workers.map(([, w]) => w.dispose()));
}

/**
 * CPU time a worker's own code takes per request inside workerd, without workerd's HTTP floor:
 * a wrapper worker calls the built worker's `fetch` N times per HTTP request (reading each body
 * to its end); the workerd process's CPU per HTTP request at N and at 0 gives one call's cost,
 * (cpu(N) - cpu(0)) / N. Workers are measured in interleaved rounds (who goes first alternates).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { load } from './load.ts';
import { serveWorker, type Served } from './workers.ts';

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

export interface IsolateOptions {
  /** Where the wrapped workers are written. */
  tmp: string;
  /** The site whose static assets are served in front (as the HTTP bench does). */
  siteRoot: string;
  /** Calls per HTTP request. */
  n: number;
  rounds: number;
}

/** Per worker name, per path: µs of CPU per call of its fetch, one sample per round. */
export type IsolateSamples = Record<string, Record<string, number[]>>;

async function serveWrapped(name: string, bundle: string, options: IsolateOptions): Promise<Served> {
  const dir = join(options.tmp, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(bundle, join(dir, 'index.js'));
  writeFileSync(join(dir, 'wrapper.js'), WRAPPER);
  // One module (Miniflare's module walker refuses some bundles as a second module).
  await build({ entryPoints: [join(dir, 'wrapper.js')], outfile: join(dir, 'worker.js'), bundle: true, format: 'esm', platform: 'browser', logLevel: 'silent' });
  return serveWorker(join(dir, 'worker.js'), options.siteRoot);
}

async function cpuPerRequest(server: Served, path: string, n: number): Promise<number> {
  const before = server.cpuMs();
  const result = await load({ origin: server.url, paths: [`/?n=${n}&p=${encodeURIComponent(path)}`], connections: 4, seconds: 1.5 });
  return ((server.cpuMs() - before) * 1000) / Math.max(1, result.total);
}

/** Measures each of `bundles` (name -> built worker) on each of `paths`. */
export async function isolateCost(bundles: Record<string, string>, paths: string[], options: IsolateOptions): Promise<IsolateSamples> {
  const workers: Array<[string, Served]> = [];
  try {
    for (const [name, bundle] of Object.entries(bundles)) workers.push([name, await serveWrapped(name, bundle, options)]);
    const samples: IsolateSamples = Object.fromEntries(workers.map(([name]) => [name, Object.fromEntries(paths.map((p) => [p, [] as number[]]))]));
    for (const [, w] of workers) for (const path of paths) await cpuPerRequest(w, path, options.n); // warm-up
    for (let round = 0; round < options.rounds; round++) {
      for (const path of paths) {
        for (const [name, w] of round % 2 ? [...workers].reverse() : workers) {
          const zero = await cpuPerRequest(w, path, 0);
          const full = await cpuPerRequest(w, path, options.n);
          samples[name]![path]!.push((full - zero) / options.n);
        }
      }
    }
    return samples;
  } finally {
    await Promise.allSettled(workers.map(([, w]) => w.dispose()));
  }
}

/**
 * The route cache in workerd (issue 14): a cached /products/[id] (served from the Workers Cache
 * API) against the same page rendered per request, and against a static asset that Workers
 * Static Assets answers without running the worker at all: the ceiling a cache hit can reach.
 */
import { load } from './load.ts';
import type { Served } from './workers.ts';

export interface CacheLine {
  name: string;
  paths: string[];
  rps: number;
  cpuUs: number;
  p50: number;
  p99: number;
  rounds: Array<{ rps: number; cpuUs: number }>;
}

export const CACHE_LINES: Array<Pick<CacheLine, 'name' | 'paths'>> = [
  { name: 'static asset', paths: ['/static/1/index.html', '/static/2/index.html'] },
  { name: 'cached', paths: ['/cached-products/42', '/cached-products/43'] },
  { name: 'uncached', paths: ['/products/42', '/products/43'] },
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Throws unless the cached paths answer from the cache (after one render each) and the rest answer 200. */
export async function checkCache(origin: string): Promise<void> {
  for (const line of CACHE_LINES) {
    for (const path of line.paths) {
      let res = await fetch(origin + path);
      for (let i = 0; line.name === 'cached' && !/hit/.test(res.headers.get('cache-status') ?? '') && i < 40; i++) {
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 50));
        res = await fetch(origin + path);
      }
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path}: status ${res.status}`);
      if (line.name === 'cached' && !/hit/.test(res.headers.get('cache-status') ?? '')) throw new Error(`GET ${path}: not served from the cache (${res.headers.get('cache-status')})`);
    }
  }
}

/** Loads each line in interleaved rounds on the edgepress worker; medians. */
export async function benchCache(ours: Served, plan: { rounds: number; seconds: number; connections: number }): Promise<CacheLine[]> {
  await checkCache(ours.url);
  const runs = new Map(CACHE_LINES.map((line) => [line.name, [] as Array<{ rps: number; cpuUs: number; p50: number; p99: number }>]));
  for (let round = 0; round < plan.rounds; round++) {
    // Rotate who goes first, so drift on a shared machine hits each alike.
    const order = CACHE_LINES.map((_, i) => CACHE_LINES[(i + round) % CACHE_LINES.length]!);
    for (const line of order) {
      const before = ours.cpuMs();
      const result = await load({ origin: ours.url, paths: line.paths, connections: plan.connections, seconds: plan.seconds });
      const cpuUs = ((ours.cpuMs() - before) * 1000) / Math.max(1, result.total);
      runs.get(line.name)!.push({ rps: result.rps, cpuUs, p50: result.p50, p99: result.p99 });
    }
  }
  return CACHE_LINES.map((line) => {
    const xs = runs.get(line.name)!;
    return {
      ...line,
      rps: median(xs.map((x) => x.rps)),
      cpuUs: median(xs.map((x) => x.cpuUs)),
      p50: median(xs.map((x) => x.p50)),
      p99: median(xs.map((x) => x.p99)),
      rounds: xs.map((x) => ({ rps: Math.round(x.rps), cpuUs: Math.round(x.cpuUs) })),
    };
  });
}

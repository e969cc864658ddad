/** The benchmark's results: the JSON shape and the printed table. */
import type { BigPageResult } from './big-page-bench.ts';
import type { CacheLine } from './cache-bench.ts';
import { formatSummary } from './summary.ts';

export interface Side {
  rps: number;
  /** workerd process CPU time per request, in µs (whole process: HTTP, asset router, worker). */
  cpuUs: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface RouteReport {
  name: string;
  paths: string[];
  edgepress: Side;
  baseline: Side;
  ratio: number;
  /** baseline CPU per request / edgepress CPU per request: the throughput ratio on an idle core. */
  cpuRatio: number;
  target?: number;
  sameBytes: string;
  rounds: { edgepress: Array<{ rps: number; cpuUs: number }>; baseline: Array<{ rps: number; cpuUs: number }> };
  /** The same route in Astro 7, when bench/astro was built and served. */
  versusAstro?: { astro: Side; ratio: number; cpuRatio: number; target?: number };
}

export interface Report {
  date: string;
  mode: 'quick' | 'full';
  plan: Record<string, number>;
  node: string;
  build: { wallMs: number; peakRssMb: number; runs: Array<{ wallMs: number; peakRssMb: number }> };
  /** `reference`: bench/site without its cached route (issue 28's reference site, no route cache). */
  bundle: { edgepress: { raw: number; gzip: number }; reference?: { raw: number; gzip: number }; baseline: { raw: number; gzip: number } };
  /** Builds of bench/site copies: 20,000 pages cold, 1,002 and 20,000 after a one-file change (medians, peak RSS). */
  /** cold20k: the compiled CLI (lib/, as installed from npm); cold20kSource: the source through tsx (measure-build.ts's BuildCommand). */
  buildScale?: Record<'cold20k' | 'edit1k' | 'edit20k', { wallMs: number; peakRssMb: number }> & { cold20kSource?: { wallMs: number; peakRssMb: number } };
  /** Astro's build time, or why Astro was not in the run. */
  astro: { buildMs: number } | { skipped: string };
  startup: { edgepressMs: number; baselineMs: number; emptyModuleMs: number; edgepressMinMs: number; baselineMinMs: number; emptyModuleMinMs: number };
  /** The same in workerd (bench/lib/startup-workerd.ts): CPU ms of the request that imports the bundle, minus an empty module's. */
  startupWorkerd?: { edgepressNetMs: number; baselineNetMs: number; emptyModuleMs: number };
  routes: RouteReport[];
  stream: {
    edgepress: { firstByteMs: number; totalMs: number };
    baseline: { firstByteMs: number; totalMs: number };
    slowestSiblingMs: number;
    /** A bare worker that sleeps 100 ms and answers: the slowest sibling as this platform runs it. */
    bareSleepMs: number;
  };
  bigPage: BigPageResult;
  /** CPU/req of a worker that answers "ok" at once, and of one that only builds /table's rows. */
  floors: { emptyCpuUs: number; tableRowsCpuUs: number };
  /** CPU µs per call of each worker's fetch inside workerd (bench/lib/isolate-cost.ts), medians. */
  isolate?: Array<{ path: string; edgepressUs: number; honoUs: number }>;
  /** The route cache lines (empty when BENCH_ROUTES leaves them out). */
  cache: CacheLine[];
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
const ok = (pass: boolean): string => (pass ? 'met' : 'MISSED');
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

/** The table printed by `npm run bench`. */
export function formatReport(r: Report): string {
  const lines: string[] = [];
  const p = r.plan;
  lines.push(`edgepress bench (${r.mode}: ${p.rounds} round(s) x ${p.seconds} s per route and worker, ${p.connections} connections, medians) ${r.date} node ${r.node}`);
  lines.push('');
  lines.push(formatSummary(r));
  lines.push('');
  lines.push(`build of bench/site (1,002 pages)   wall ${(r.build.wallMs / 1000).toFixed(2)} s  [<= 3 s: ${ok(r.build.wallMs <= 3000)}]   peak RSS ${r.build.peakRssMb.toFixed(0)} MB  [<= 250 MB: ${ok(r.build.peakRssMb <= 250)}]`);
  if (r.buildScale) {
    const line = (name: string, b: { wallMs: number; peakRssMb: number }, goal = ''): string => `${name.padEnd(40)}wall ${(b.wallMs / 1000).toFixed(2)} s   peak RSS ${b.peakRssMb.toFixed(0)} MB${goal}`;
    const big = r.buildScale.cold20k;
    lines.push(line('build, 20,000 pages, cold (lib/)', big, `   [<= 5 s: ${ok(big.wallMs <= 5000)}, <= 200 MB: ${ok(big.peakRssMb <= 200)}]`));
    if (r.buildScale.cold20kSource) lines.push(line('build, 20,000 pages, cold (source, tsx)', r.buildScale.cold20kSource));
    lines.push(line('build, 1,002 pages, one file changed', r.buildScale.edit1k));
    lines.push(line('build, 20,000 pages, one file changed', r.buildScale.edit20k));
  }
  lines.push(`server bundle      edgepress ${kb(r.bundle.edgepress.raw)} raw / ${kb(r.bundle.edgepress.gzip)} gzip  [<= 30 KB gzip: ${ok(r.bundle.edgepress.gzip <= 30 * 1024)}]   baseline ${kb(r.bundle.baseline.raw)} raw / ${kb(r.bundle.baseline.gzip)} gzip`);
  const st = r.startup;
  const net = (ms: number): number => ms - st.emptyModuleMs;
  const netMin = (ms: number): number => ms - st.emptyModuleMinMs;
  lines.push(
    `module start-up    edgepress ${st.edgepressMs.toFixed(2)} ms, ${net(st.edgepressMs).toFixed(2)} ms net (fastest run ${netMin(st.edgepressMinMs).toFixed(2)})  [< 5 ms net: ${ok(net(st.edgepressMs) < 5)}]   ` +
      `baseline ${st.baselineMs.toFixed(2)} ms, ${net(st.baselineMs).toFixed(2)} ms net (fastest ${netMin(st.baselineMinMs).toFixed(2)})`,
  );
  lines.push(`                   (median import() in a fresh Node; net = minus an empty module's ${st.emptyModuleMs.toFixed(2)} ms)`);
  const sw = r.startupWorkerd;
  if (sw) {
    lines.push(`  in workerd       edgepress ${sw.edgepressNetMs.toFixed(2)} ms net   baseline ${sw.baselineNetMs.toFixed(2)} ms net`);
    lines.push(`                   (median workerd CPU time of the first import() in a fresh workerd, minus an empty module's ${sw.emptyModuleMs.toFixed(2)} ms)`);
  }
  lines.push('');
  lines.push(
    `${pad('route', 16)}${lpad('edgepress req/s', 16)}${lpad('p50', 6)}${lpad('p99', 6)}${lpad('CPU/req', 9)}${lpad('baseline req/s', 16)}${lpad('p50', 6)}${lpad('p99', 6)}${lpad('CPU/req', 9)}${lpad('ratio', 8)}  ${pad('target', 17)}${lpad('CPU ratio', 9)}  same bytes`,
  );
  for (const route of r.routes) {
    const target = route.target === undefined ? '-' : `>= ${route.target}x ${ok(route.ratio >= route.target)}`;
    const us = (n: number): string => `${Math.round(n)} us`;
    lines.push(
      `${pad(route.name, 16)}${lpad(route.edgepress.rps.toFixed(0), 16)}${lpad(String(route.edgepress.p50), 6)}${lpad(String(route.edgepress.p99), 6)}${lpad(us(route.edgepress.cpuUs), 9)}` +
        `${lpad(route.baseline.rps.toFixed(0), 16)}${lpad(String(route.baseline.p50), 6)}${lpad(String(route.baseline.p99), 6)}${lpad(us(route.baseline.cpuUs), 9)}` +
        `${lpad(route.ratio.toFixed(2) + 'x', 8)}  ${pad(target, 17)}${lpad(route.cpuRatio.toFixed(2) + 'x', 9)}  ${route.sameBytes}` +
        (route.edgepress.errors || route.baseline.errors ? `  (errors: ${route.edgepress.errors}/${route.baseline.errors})` : ''),
    );
  }
  lines.push('  (latencies in ms; CPU/req = workerd process CPU time per request; CPU ratio = baseline CPU/req over ours, the');
  lines.push('   req/s ratio a core of its own would give; /products/[id] cycles 200, 301 and 404, /products/42 is its 200 alone; per-round figures in bench/results.json)');
  const astroRoutes = r.routes.filter((route) => route.versusAstro);
  if (astroRoutes.length > 0) {
    lines.push(`vs Astro 7 (bench/astro, @astrojs/cloudflare, same workerd, same rounds; built in ${'buildMs' in r.astro ? (r.astro.buildMs / 1000).toFixed(1) : '?'} s):`);
    for (const route of astroRoutes) {
      const v = route.versusAstro!;
      const target = v.target === undefined ? '-' : `>= ${v.target}x ${ok(v.ratio >= v.target)}`;
      lines.push(
        `  ${pad(route.name, 14)}astro ${lpad(v.astro.rps.toFixed(0), 6)} req/s  p50 ${v.astro.p50}  p99 ${v.astro.p99}  CPU/req ${Math.round(v.astro.cpuUs)} us` +
          `   edgepress/astro ${v.ratio.toFixed(2)}x  ${pad(target, 17)} CPU ratio ${v.cpuRatio.toFixed(2)}x` +
          (v.astro.errors ? `  (errors: ${v.astro.errors})` : ''),
      );
    }
  } else if ('skipped' in r.astro) lines.push(`vs Astro 7: not in this run (${r.astro.skipped})`);
  const table = r.routes.find((route) => route.name === '/table');
  lines.push(`floors             a worker answering "ok": ${Math.round(r.floors.emptyCpuUs)} us/req; one that only builds /table's 2,000 UUIDs: ${Math.round(r.floors.tableRowsCpuUs)} us/req` +
    (table ? ` -> /table with a free renderer would reach ${(table.baseline.cpuUs / r.floors.tableRowsCpuUs).toFixed(2)}x at most` : ''));
  for (const i of r.isolate ?? []) {
    lines.push(`in the isolate     ${pad(i.path, 14)}edgepress ${i.edgepressUs.toFixed(1)} us, hono ${i.honoUs.toFixed(1)} us per call of fetch -> ${(i.honoUs / i.edgepressUs).toFixed(2)}x (no HTTP floor)`);
  }
  const line = (name: string): CacheLine | undefined => r.cache.find((c) => c.name === name);
  const [asset, cached, uncached] = [line('static asset'), line('cached'), line('uncached')];
  if (asset && cached && uncached) {
    lines.push('');
    const fmt = (c: CacheLine): string => `${c.rps.toFixed(0)} req/s, p50 ${c.p50} p99 ${c.p99} ms, ${Math.round(c.cpuUs)} us CPU/req`;
    const ratio = cached.rps / asset.rps;
    lines.push(`route cache        /products/[id] cached (hits: isolate memory over the Workers Cache API): ${fmt(cached)}`);
    lines.push(`                   same page uncached: ${fmt(uncached)} -> cached ${(cached.rps / uncached.rps).toFixed(2)}x`);
    lines.push(`                   static asset (Workers Static Assets, no worker): ${fmt(asset)} -> cached ${ratio.toFixed(2)}x of it [>= 0.90x: ${ok(ratio >= 0.9)}]`);
  }
  lines.push('');
  const s = r.stream;
  const fbGap = s.edgepress.firstByteMs - s.baseline.firstByteMs;
  const totalGap = s.edgepress.totalMs - s.bareSleepMs;
  const sign = (n: number): string => `${n >= 0 ? '+' : ''}${n.toFixed(1)} ms`;
  lines.push(`/stream raw socket  edgepress first byte ${s.edgepress.firstByteMs.toFixed(1)} ms, total ${s.edgepress.totalMs.toFixed(1)} ms   baseline (hono Suspense) first byte ${s.baseline.firstByteMs.toFixed(1)} ms, total ${s.baseline.totalMs.toFixed(1)} ms`);
  lines.push(`                    first byte ${sign(fbGap)} vs baseline [<= +5 ms: ${ok(fbGap <= 5)}]   total ${sign(totalGap)} vs the slowest sibling alone (a bare worker's 100 ms timer: ${s.bareSleepMs.toFixed(1)} ms) [<= +10 ms: ${ok(totalGap <= 10)}]; ${sign(s.edgepress.totalMs - s.slowestSiblingMs)} vs a nominal 100 ms`);
  const b = r.bigPage;
  const ms = (us: number): string => `${(us / 1000).toFixed(2)} ms`;
  lines.push(
    `large sync page    5,000 <li> (${kb(b.bytesLength)}), CPU per render: render only: edgepress ${ms(b.render.compiledUs)} (precompile off ${ms(b.render.runtimeUs)}) ` +
      `vs hono toString() ${ms(b.render.honoUs)} = ${b.ratio.toFixed(2)}x [>= 3x: ${ok(b.ratio >= 3)}]`,
  );
  lines.push(
    `                   as Response bytes: edgepress ${ms(b.bytes.compiledUs)} (precompile off ${ms(b.bytes.runtimeUs)}) vs hono ${ms(b.bytes.honoUs)} = ${(b.bytes.honoUs / b.bytes.compiledUs).toFixed(2)}x; output identical: ${b.identical ? 'yes' : 'NO'}`,
  );
  return lines.join('\n');
}

/**
 * The issue-28 table: the figures a user compares frameworks by, from one run, each beside its
 * goal. Everything here is read from the full report (report.ts); a figure this run did not
 * measure (BENCH_ROUTES, Astro skipped) prints as "-".
 */
import type { Report, RouteReport } from './report.ts';

interface Row {
  figure: string;
  now: string;
  goal: string;
  met?: boolean;
  /** Said after MISSED when the goal is beyond what this harness can show. */
  why?: string;
}

const x = (n: number): string => `${n.toFixed(2)}x`;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/**
 * A route against hono: req/s and CPU ratios over HTTP, then the ceiling this harness allows (hono's
 * CPU/req over that of a worker answering "ok": what a worker costing nothing beyond it would reach),
 * and the ratio inside the isolate, where workerd's HTTP floor is not counted.
 */
function versusHono(r: Report, route: RouteReport | undefined, goal: number | undefined, label: string): Row {
  if (!route) return { figure: label, now: '-', goal: goal ? `>= ${goal}x` : 'kept' };
  const isolate = r.isolate?.find((i) => route.paths.includes(i.path));
  const reach = route.baseline.cpuUs / r.floors.emptyCpuUs;
  const ceiling = `; ceiling ${x(reach)}`;
  return {
    figure: label,
    now: `${x(route.ratio)} req/s (CPU ${x(route.cpuRatio)}${ceiling}${isolate ? `; in isolate ${x(isolate.honoUs / isolate.edgepressUs)}` : ''})`,
    goal: goal ? `>= ${goal}x` : 'kept',
    met: goal ? route.ratio >= goal : undefined,
    why: goal && reach < goal ? 'beyond the ceiling here' : undefined,
  };
}

/** The rows, for the printed table and for bench/results.json. */
export function summaryRows(r: Report): Row[] {
  const route = (name: string): RouteReport | undefined => r.routes.find((x) => x.name === name);
  const rows: Row[] = [];
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB (${bytes} B)`;
  const reference = r.bundle.reference?.gzip;
  if (reference !== undefined) {
    rows.push({ figure: 'worker bundle, gzip (bench/site, no route cache)', now: kb(reference), goal: '<= 15 KB', met: reference <= 15 * 1024 });
  }
  rows.push({ figure: 'worker bundle, gzip (bench/site)', now: kb(r.bundle.edgepress.gzip), goal: reference === undefined ? '<= 15 KB' : '-', met: reference === undefined ? r.bundle.edgepress.gzip <= 15 * 1024 : undefined });
  rows.push(versusHono(r, route('/ssr'), 1.2, '/ssr vs hand-written hono'));
  rows.push(versusHono(r, route('/products/42'), 1.1, '/products/42 vs hono'));
  const table = route('/table');
  rows.push({
    figure: '/table vs hono / Astro 7',
    now: table
      ? `${x(table.ratio)} / ${table.versusAstro ? x(table.versusAstro.ratio) : '-'} (ceilings ${x(table.baseline.cpuUs / r.floors.tableRowsCpuUs)} / ${table.versusAstro ? x(table.versusAstro.astro.cpuUs / r.floors.tableRowsCpuUs) : '-'})`
      : '-',
    goal: 'kept (>= 2x / >= 1.5x)',
    met: table ? table.ratio >= 2 && (!table.versusAstro || table.versusAstro.ratio >= 1.5) : undefined,
  });
  const astroMs = 'buildMs' in r.astro ? r.astro.buildMs : undefined;
  rows.push({
    figure: 'build, 1,002 pages, vs Astro 7',
    now: astroMs ? `${s(r.build.wallMs)} vs ${s(astroMs)}: ${(astroMs / r.build.wallMs).toFixed(1)}x faster` : `${s(r.build.wallMs)} (Astro not in this run)`,
    goal: 'kept',
  });
  const big = r.buildScale?.cold20k;
  if (big) {
    rows.push({
      figure: 'build, 20,000 pages (cold, lib/)',
      now: `${s(big.wallMs)}, ${big.peakRssMb.toFixed(0)} MB`,
      goal: '<= 5 s, <= 200 MB',
      met: big.wallMs <= 5000 && big.peakRssMb <= 200,
    });
  }
  const st = r.startup;
  rows.push({ figure: 'module start-up (Node, net)', now: `${(st.edgepressMs - st.emptyModuleMs).toFixed(2)} ms (hono ${(st.baselineMs - st.emptyModuleMs).toFixed(2)} ms)`, goal: '< 5 ms' });
  return rows;
}

/** The table, as printed first by `npm run bench`. */
export function formatSummary(r: Report): string {
  const rows = summaryRows(r);
  const w = [Math.max(...rows.map((row) => row.figure.length)), Math.max(...rows.map((row) => row.now.length))];
  const lines = [
    'issue 28 (one run; req/s ratios over the same rounds; CPU = workerd CPU/req ratio; ceiling = the ratio a worker',
    'costing nothing beyond the floors line would reach on this harness; in isolate = CPU per call of fetch, no HTTP):',
  ];
  for (const row of rows) {
    const verdict = row.met === undefined ? '' : row.met ? '  met' : `  MISSED${row.why ? ` (${row.why})` : ''}`;
    lines.push(`  ${row.figure.padEnd(w[0]!)}  ${row.now.padEnd(w[1]!)}  goal ${row.goal}${verdict}`);
  }
  return lines.join('\n');
}

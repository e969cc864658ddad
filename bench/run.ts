/**
 * `npm run bench`: builds the workload (bench/site), serves it, the plain-hono baseline
 * (bench/baseline) and, where it can be built, the same /table and /ssr in Astro 7 (bench/astro)
 * from workerd, loads each on-demand route with autocannon in interleaved rounds, and prints a
 * table (also written to bench/results.json). BENCH_QUICK=1 for a short run; BENCH_ASTRO=0 skips Astro.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../src/build/build-site.ts';
import { measureModuleStartup } from '../src/build/startup-check.ts';
import { bundleBaseline } from './baseline/bundle.ts';
import { astroMiniflareExtra, buildAstro, type AstroBuild } from './lib/astro.ts';
import { benchBigPage } from './lib/big-page-bench.ts';
import { benchDevReload, formatDevReload } from './dev-reload.ts';
import { benchCache, type CacheLine } from './lib/cache-bench.ts';
import { firstByte } from './lib/first-byte.ts';
import { load, type LoadResult } from './lib/load.ts';
import { benchSiteCopy, cold, measureBuild, oneFileChange, type BuildRun } from './lib/measure-build.ts';
import { measureWorkerdStartup } from './lib/startup-workerd.ts';
import { formatReport, type Report, type RouteReport } from './lib/report.ts';
import { checkAstro, checkRoutes, ROUTES } from './lib/routes.ts';
import { serveWorker, type Served } from './lib/workers.ts';
import { isolateCost } from './lib/isolate-cost.ts';
import { copyReferenceSite } from './lib/reference-site.ts';

const REPO = join(import.meta.dirname, '..');
const SITE = join(REPO, 'bench/site');
const TMP = join(REPO, 'bench/.tmp');
const QUICK = process.env.BENCH_QUICK === '1';
const PLAN = QUICK
  ? { buildRuns: 1, rounds: 1, seconds: 2, warmSeconds: 1, connections: 50, streamSamples: 5, startupRuns: 3, bigRounds: 1, bigMs: 500, isolateRounds: 1 }
  : { buildRuns: 3, rounds: 4, seconds: 4, warmSeconds: 2, connections: 50, streamSamples: 15, startupRuns: 9, bigRounds: 3, bigMs: 1500, isolateRounds: 5 };

/** BENCH_ROUTES=/table,/ssr limits the load test to those routes (for iterating); `cache` names the route-cache lines. */
const ONLY = process.env.BENCH_ROUTES?.split(',');
const LOADED = ROUTES.filter((route) => !ONLY || ONLY.includes(route.name));
/** Measured inside the isolate too: the issue-28 goals against hono. */
const ISOLATE_PATHS = ['/ssr', '/products/42'];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function sizes(file: string): { raw: number; gzip: number } {
  const code = readFileSync(file);
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  log(`build x${PLAN.buildRuns}`);
  const builds = measureBuild(REPO, 'bench/site', PLAN.buildRuns, cold(REPO, 'bench/site'));
  log('build: 20,000 pages cold; 1,002 and 20,000 after a one-file change (copies in bench/.build-*)');
  const site1k = benchSiteCopy(REPO, 1002);
  const site20k = benchSiteCopy(REPO, 20_000);
  const summarise = (runs: BuildRun[]) => ({ wallMs: median(runs.map((b) => b.wallMs)), peakRssMb: Math.max(...runs.map((b) => b.peakRssMb)) });
  const buildScale = {
    // As a site installed from npm builds (the compiled CLI, lib/), and from this repository's source through tsx.
    cold20k: summarise(measureBuild(REPO, site20k, PLAN.buildRuns, cold(REPO, site20k), 'lib')),
    cold20kSource: summarise(measureBuild(REPO, site20k, PLAN.buildRuns, cold(REPO, site20k), 'source')),
    edit1k: summarise(measureBuild(REPO, site1k, PLAN.buildRuns, oneFileChange(REPO, site1k))),
    edit20k: summarise(measureBuild(REPO, site20k, PLAN.buildRuns, oneFileChange(REPO, site20k))),
  };
  const siteBundle = join(SITE, 'dist/server/index.js');
  // Issue 28's reference: bench/site without its one cached route (what `npm run bench:bundle` prints last).
  const reference = await buildSite({ root: copyReferenceSite(join(TMP, 'reference'), false), quiet: true });
  const baselineBundle = await bundleBaseline(join(TMP, 'baseline/index.js'));
  log('astro');
  const astroBuild: AstroBuild = process.env.BENCH_ASTRO === '0' ? { skipped: 'BENCH_ASTRO=0' } : buildAstro(log);
  if ('skipped' in astroBuild) log(`astro skipped: ${astroBuild.skipped}`);

  log('start-up');
  const emptyModule = join(TMP, 'empty.mjs');
  writeFileSync(emptyModule, 'export default {};\n');
  const startup = { edgepress: [] as number[], baseline: [] as number[], empty: [] as number[] };
  for (let i = 0; i < PLAN.startupRuns; i++) {
    startup.empty.push(measureModuleStartup(emptyModule));
    startup.edgepress.push(measureModuleStartup(siteBundle));
    startup.baseline.push(measureModuleStartup(baselineBundle));
  }
  // A fresh workerd per run (about 1 s each): at most 5 runs apiece.
  const workerdRuns = Math.min(PLAN.startupRuns, 5);
  const workerdStartup = { edgepress: await measureWorkerdStartup(siteBundle, workerdRuns), baseline: await measureWorkerdStartup(baselineBundle, workerdRuns) };

  const servers: Served[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(servers.splice(0).map((s) => s.dispose()));
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const ours = await serveWorker(siteBundle, SITE);
    servers.push(ours);
    const base = await serveWorker(baselineBundle, SITE);
    servers.push(base);
    const sleeper = await serveWorker(join(REPO, 'bench/baseline/sleep-worker.js'), SITE);
    servers.push(sleeper);
    const floorWorker = await serveWorker(await bundleBaseline(join(TMP, 'floor/index.js'), 'floor-worker.ts'), SITE);
    servers.push(floorWorker);
    let astro: Served | undefined;
    if ('entry' in astroBuild) {
      astro = await serveWorker(astroBuild.entry, astroBuild.root, astroMiniflareExtra(SITE));
      servers.push(astro);
      await checkAstro(astro.url);
    }
    const targets = { edgepress: ours.url, baseline: base.url, astro: astro?.url };
    log(`serving edgepress at ${ours.url}, baseline at ${base.url}${astro ? `, astro at ${astro.url}` : ''}`);

    const checks = await checkRoutes(ours.url, base.url);
    type Who = 'edgepress' | 'baseline' | 'astro';
    const contestants = (route: (typeof LOADED)[number]): Who[] => (route.astro && astro ? ['edgepress', 'baseline', 'astro'] : ['edgepress', 'baseline']);

    log('warm-up');
    for (const route of LOADED) {
      for (const who of contestants(route)) {
        await load({ origin: targets[who]!, paths: route.paths, headers: route.headers, connections: PLAN.connections, seconds: PLAN.warmSeconds });
      }
    }

    type Run = LoadResult & { cpuUs: number };
    const runs = new Map<string, Record<Who, Run[]>>();
    for (const route of LOADED) runs.set(route.name, { edgepress: [], baseline: [], astro: [] });
    const serverOf = { edgepress: ours, baseline: base, astro };
    for (let round = 0; round < PLAN.rounds; round++) {
      log(`round ${round + 1}/${PLAN.rounds}`);
      for (const route of LOADED) {
        // Rotate who goes first, so drift on a shared machine hits all alike.
        const who3 = contestants(route);
        const shift = (round + LOADED.indexOf(route)) % who3.length;
        const order = [...who3.slice(shift), ...who3.slice(0, shift)];
        for (const who of order) {
          const server = serverOf[who]!;
          const cpuBefore = server.cpuMs();
          const result = await load({ origin: targets[who]!, paths: route.paths, headers: route.headers, connections: PLAN.connections, seconds: PLAN.seconds });
          const cpuUs = ((server.cpuMs() - cpuBefore) * 1000) / Math.max(1, result.total);
          runs.get(route.name)![who].push({ ...result, cpuUs });
        }
      }
    }

    log('route cache (issue 14)');
    let cache: CacheLine[] = [];
    if (!ONLY || ONLY.includes('cache')) cache = await benchCache(ours, PLAN);

    log('floors');
    const floorRuns = { empty: [] as number[], table: [] as number[] };
    for (let i = 0; i < 2; i++) {
      for (const [key, path] of [['empty', '/ok'], ['table', '/table']] as const) {
        const before = floorWorker.cpuMs();
        const result = await load({ origin: floorWorker.url, paths: [path], connections: PLAN.connections, seconds: PLAN.seconds });
        floorRuns[key].push(((floorWorker.cpuMs() - before) * 1000) / Math.max(1, result.total));
      }
    }

    log('/stream over a raw socket');
    type Timing = { firstByteMs: number; totalMs: number };
    const stream = { edgepress: [] as Timing[], baseline: [] as Timing[], sleep: [] as Timing[] };
    for (let i = 0; i < PLAN.streamSamples; i++) {
      stream.edgepress.push(await firstByte(Number(new URL(ours.url).port), '/stream'));
      stream.baseline.push(await firstByte(Number(new URL(base.url).port), '/stream'));
      stream.sleep.push(await firstByte(Number(new URL(sleeper.url).port), '/sleep'));
    }
    await stop();

    log('inside the isolate (no HTTP floor)');
    const isolatePaths = ISOLATE_PATHS.filter((path) => LOADED.some((route) => route.paths.includes(path)));
    const inIsolate = await isolateCost({ edgepress: siteBundle, hono: baselineBundle }, isolatePaths, { tmp: join(TMP, 'isolate-cost'), siteRoot: SITE, n: 20, rounds: PLAN.isolateRounds });
    const isolate = isolatePaths.map((path) => ({ path, edgepressUs: median(inIsolate.edgepress![path]!), honoUs: median(inIsolate.hono![path]!) }));

    log('large synchronous page (issue 4)');
    const big = await benchBigPage(TMP, PLAN.bigRounds, PLAN.bigMs);

    const routes: RouteReport[] = LOADED.map((route) => {
      const r = runs.get(route.name)!;
      const pick = (xs: Run[]) => ({
        rps: median(xs.map((x) => x.rps)),
        cpuUs: median(xs.map((x) => x.cpuUs)),
        p50: median(xs.map((x) => x.p50)),
        p99: median(xs.map((x) => x.p99)),
        errors: xs.reduce((n, x) => n + x.errors + x.bad, 0),
      });
      const edgepress = pick(r.edgepress);
      const baseline = pick(r.baseline);
      const astroSide = r.astro.length > 0 ? pick(r.astro) : undefined;
      const versusAstro = astroSide && { astro: astroSide, ratio: edgepress.rps / astroSide.rps, cpuRatio: astroSide.cpuUs / edgepress.cpuUs, target: route.astro?.target };
      return {
        versusAstro,
        name: route.name,
        paths: route.paths,
        edgepress,
        baseline,
        ratio: edgepress.rps / baseline.rps,
        cpuRatio: baseline.cpuUs / edgepress.cpuUs,
        target: route.target,
        sameBytes: checks[route.name] ?? 'n/a',
        rounds: {
          edgepress: r.edgepress.map((x) => ({ rps: Math.round(x.rps), cpuUs: Math.round(x.cpuUs) })),
          baseline: r.baseline.map((x) => ({ rps: Math.round(x.rps), cpuUs: Math.round(x.cpuUs) })),
        },
      };
    });

    const report: Report = {
      date: new Date().toISOString(),
      mode: QUICK ? 'quick' : 'full',
      plan: PLAN,
      node: process.version,
      build: {
        wallMs: median(builds.map((b) => b.wallMs)),
        peakRssMb: Math.max(...builds.map((b) => b.peakRssMb)),
        runs: builds,
      },
      buildScale,
      bundle: { edgepress: sizes(siteBundle), reference: sizes(reference.bundle.file), baseline: sizes(baselineBundle) },
      astro: 'skipped' in astroBuild ? { skipped: astroBuild.skipped } : { buildMs: astroBuild.buildMs },
      startup: {
        edgepressMs: median(startup.edgepress),
        baselineMs: median(startup.baseline),
        emptyModuleMs: median(startup.empty),
        // Interference only ever adds time: the fastest run is the least disturbed one.
        edgepressMinMs: Math.min(...startup.edgepress),
        baselineMinMs: Math.min(...startup.baseline),
        emptyModuleMinMs: Math.min(...startup.empty),
      },
      startupWorkerd: { edgepressNetMs: workerdStartup.edgepress.netMs, baselineNetMs: workerdStartup.baseline.netMs, emptyModuleMs: workerdStartup.edgepress.emptyMs },
      routes,
      stream: {
        edgepress: { firstByteMs: median(stream.edgepress.map((s) => s.firstByteMs)), totalMs: median(stream.edgepress.map((s) => s.totalMs)) },
        baseline: { firstByteMs: median(stream.baseline.map((s) => s.firstByteMs)), totalMs: median(stream.baseline.map((s) => s.totalMs)) },
        slowestSiblingMs: 100,
        bareSleepMs: median(stream.sleep.map((s) => s.totalMs)),
      },
      bigPage: big,
      floors: { emptyCpuUs: median(floorRuns.empty), tableRowsCpuUs: median(floorRuns.table) },
      isolate,
      cache,
    };
    writeFileSync(join(REPO, 'bench/results.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(formatReport(report));
    log('dev server: edit to reloaded page');
    console.log(formatDevReload(await benchDevReload(QUICK ? 3 : 5)));
  } finally {
    await stop();
  }
}

await main();

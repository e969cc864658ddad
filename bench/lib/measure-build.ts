/** Runs the real build of the workload as a child process, timing it and reading its peak RSS. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface BuildRun {
  wallMs: number;
  /** Peak resident set size of the build process tree's largest process, in MB. */
  peakRssMb: number;
}

const TIME = '/usr/bin/time';

/**
 * How the build runs: 'source' is the repository's TypeScript through tsx (`node --import tsx
 * build.ts`, as `npm run build`); 'lib' is the compiled CLI a site installed from npm runs
 * (`node lib/src/cli/bin.js build`, what bin/edgepress.js runs there; lib/ compiled first, as
 * `npm pack` does). tsx's loader adds ~20 MB to the main thread and runs the build on it.
 */
export type BuildCommand = 'source' | 'lib';

const compiled = new Set<string>();
/** lib/ compiled from this checkout's src/ and adapters/ (once per process; untimed). */
export function compileLib(repo: string): void {
  if (compiled.has(repo)) return;
  const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { cwd: repo, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`compiling lib/ failed:\n${tsc.stdout}\n${tsc.stderr}`);
  compiled.add(repo);
}

/**
 * The build of `site` under /usr/bin/time -v (Linux), `runs` times, run as `how` says;
 * `prepare(i)` runs untimed before each (see `cold` and `oneFileChange`).
 */
export function measureBuild(repo: string, site: string, runs: number, prepare?: (run: number) => void, how: BuildCommand = 'source'): BuildRun[] {
  if (how === 'lib') compileLib(repo);
  const command = how === 'lib' ? [process.execPath, 'lib/src/cli/bin.js', 'build', '--root', site] : [process.execPath, '--import', 'tsx', 'build.ts', '--root', site];
  const out: BuildRun[] = [];
  for (let i = 0; i < runs; i++) {
    prepare?.(i);
    const useTime = existsSync(TIME);
    const started = performance.now();
    const child = useTime
      ? spawnSync(TIME, ['-v', ...command], { cwd: repo, encoding: 'utf8', timeout: 120_000 })
      : spawnSync(command[0]!, command.slice(1), { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    const wallMs = performance.now() - started;
    if (child.status !== 0) throw new Error(`the build failed:\n${child.stdout}\n${child.stderr}`);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr ?? '');
    out.push({ wallMs, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN });
  }
  return out;
}

/** Before each run: no record of the last build, so every page renders (dist/client is emptied by the build itself, as before incremental builds). */
export function cold(repo: string, site: string): () => void {
  return () => rmSync(join(resolve(repo, site), 'dist/.edgepress-cache'), { recursive: true, force: true });
}

/** A built site, then before each run its home page's heading edited (one page of all renders again; the rest are kept). */
export function oneFileChange(repo: string, site: string, how: BuildCommand = 'source'): (run: number) => void {
  const file = join(resolve(repo, site), 'routes/index.tsx');
  const original = readFileSync(file, 'utf8');
  measureBuild(repo, site, 1, undefined, how);
  return (run) => writeFileSync(file, original.replace('edgepress benchmark', `edgepress benchmark (edit ${run + 1})`));
}

/**
 * A copy of bench/site in `bench/.build-<pages>` with `pages` prerendered pages in all (the home
 * page, the 404 page and `pages - 2` of /static/[n]): the build lines edit and scale this copy,
 * never bench/site.
 */
export function benchSiteCopy(repo: string, pages: number): string {
  const dir = join(repo, `bench/.build-${pages}`);
  // dist/ stays: removing 20,000 folders takes seconds, and the cold runs start without a record anyway.
  rmSync(join(dir, 'routes'), { recursive: true, force: true });
  for (const item of ['edgepress.config.ts', 'routes', 'wrangler.jsonc']) cpSync(join(repo, 'bench/site', item), join(dir, item), { recursive: true });
  const route = join(dir, 'routes/static/[n].tsx');
  const source = readFileSync(route, 'utf8');
  if (!source.includes('length: 1000')) throw new Error(`bench/site/routes/static/[n].tsx no longer says 'length: 1000'; update benchSiteCopy`);
  writeFileSync(route, source.replace('length: 1000', `length: ${pages - 2}`));
  return dir;
}

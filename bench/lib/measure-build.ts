/** Runs the real build of the workload as a child process, timing it and reading its peak RSS. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface BuildRun {
  wallMs: number;
  /** Peak resident set size of the build process tree's largest process, in MB. */
  peakRssMb: number;
}

const TIME = '/usr/bin/time';

/** `node --import tsx build.ts --root <site>` under /usr/bin/time -v (Linux), `runs` times. */
export function measureBuild(repo: string, site: string, runs: number): BuildRun[] {
  const command = [process.execPath, '--import', 'tsx', 'build.ts', '--root', site];
  const out: BuildRun[] = [];
  for (let i = 0; i < runs; i++) {
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

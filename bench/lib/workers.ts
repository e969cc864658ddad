/** Serves the built site and the baseline worker from workerd through Miniflare (no dev proxy in between). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { miniflareOptions } from '../../adapters/cloudflare/miniflare-options.ts';

export interface Served {
  url: string;
  /** CPU time the workerd process has used so far, in ms (Linux /proc), or NaN. */
  cpuMs(): number;
  dispose(): Promise<void>;
}

/** workerd processes started by this process. */
export function workerdPids(): Set<number> {
  const pids = new Set<number>();
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[1]) === process.pid && stat.includes('(workerd)')) pids.add(Number(name));
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return pids;
}

function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 100 Hz ticks
  } catch {
    return NaN;
  }
}

/**
 * Starts `script` in workerd. Both workers get the site's static assets in front of them, as
 * any Cloudflare deployment with assets has, so the ratio isolates the worker code.
 */
export async function serveWorker(script: string, siteRoot: string, extra: Record<string, unknown> = {}): Promise<Served> {
  const before = workerdPids();
  const mf = new Miniflare(
    miniflareOptions(siteRoot, {
      ...extra,
      scriptPath: resolve(script),
      modulesRoot: dirname(resolve(script)),
      host: '127.0.0.1',
      port: 0,
      handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
        stdout.resume();
        stderr.resume();
      },
    }),
  );
  const url = (await mf.ready).toString().replace(/\/$/, '');
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`refusing a non-loopback target: ${url}`);
  const pid = [...workerdPids()].find((p) => !before.has(p));
  return { url, cpuMs: () => cpuMsOf(pid), dispose: () => mf.dispose() };
}

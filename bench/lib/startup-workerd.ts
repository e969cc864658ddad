/**
 * Module start-up inside workerd. workerd's clock does not advance while code runs, so it is
 * timed from outside: a fresh workerd gets a small main module that, on its first request,
 * `import()`s the bundle (workerd evaluates a module on its first import). The CPU time the
 * workerd process spends on that request (its threads' schedstat, in ns) is the start-up plus
 * one request's fixed cost; the same for an empty module, in a workerd of its own, is that fixed
 * cost. With `profile`, the V8 inspector also samples the request and names what the evaluation
 * spends its time in (the sampler misses some short runs, so the times come from the CPU clock).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import { connectInspector } from './inspector.ts';
import { workerdPids } from './workers.ts';

interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

const MAIN = `export default {
  async fetch(request) {
    const which = new URL(request.url).pathname === '/site' ? await import('./site.js') : await import('./empty.js');
    return new Response(typeof which.default);
  },
};`;

/** CPU time of all of `pid`'s threads, in ms (ns resolution). */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended
    }
  }
  return ns / 1e6;
}

/** One fresh workerd: the CPU time of the request that imports `which` (and its profile, if asked). */
async function timeImport(bundle: string, which: 'site' | 'empty', compatibilityDate: string, profile: boolean): Promise<{ ms: number; profile?: Profile }> {
  const before = workerdPids();
  const mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: 'main.js', contents: MAIN },
      { type: 'ESModule', path: 'site.js', contents: readFileSync(bundle, 'utf8') },
      { type: 'ESModule', path: 'empty.js', contents: 'export default {};\n' },
    ],
    compatibilityDate,
    ...(profile ? { inspectorPort: 0 } : {}),
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.resume();
      stderr.resume();
    },
  });
  try {
    const url = (await mf.ready).toString().replace(/\/$/, '');
    const pid = [...workerdPids()].find((p) => !before.has(p));
    if (pid === undefined) throw new Error('the workerd process was not found');
    if (!profile) {
      const start = cpuMs(pid);
      const res = await fetch(`${url}/${which}`);
      if (!res.ok) throw new Error(`import of the ${which} module answered ${res.status}: ${await res.text()}`);
      await res.text();
      return { ms: cpuMs(pid) - start };
    }
    const inspector = await connectInspector(new URL('/core:user:', (await mf.getInspectorURL()).href));
    const send = inspector.send;
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 50 });
    await send('Profiler.start');
    const start = cpuMs(pid);
    const res = await fetch(`${url}/${which}`);
    if (!res.ok) throw new Error(`import of the ${which} module answered ${res.status}: ${await res.text()}`);
    await res.text();
    const ms = cpuMs(pid) - start;
    const { profile: sampled } = await send<{ profile: Profile }>('Profiler.stop');
    inspector.close();
    return { ms, profile: sampled };
  } finally {
    await mf.dispose();
  }
}

/** Self time by function of a profile's busy samples (idle left out), in µs. */
function selfTimes(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    const frame = byId.get(sample)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const delta = profile.timeDeltas[i] ?? 0;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  return self;
}

export interface WorkerdStartup {
  /** Median CPU time of workerd for the request that imports the bundle, in ms. */
  moduleMs: number;
  /** The same for an empty module (what any import costs). */
  emptyMs: number;
  /** moduleMs - emptyMs. */
  netMs: number;
  /** With `profile`: where the bundle's evaluation spends its time, self time by function, largest first (ms, mean of the runs). */
  top: Array<[string, number]>;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Start-up of `bundle` in workerd, `runs` fresh workerd processes each for it and an empty module, in turn. */
export async function measureWorkerdStartup(bundle: string, runs: number, profile = false, compatibilityDate = '2026-04-26'): Promise<WorkerdStartup> {
  const site: number[] = [];
  const empty: number[] = [];
  const self = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    empty.push((await timeImport(bundle, 'empty', compatibilityDate, false)).ms);
    const b = await timeImport(bundle, 'site', compatibilityDate, profile);
    site.push(b.ms);
    if (b.profile) for (const [key, us] of selfTimes(b.profile)) self.set(key, (self.get(key) ?? 0) + us / 1000 / runs);
  }
  const moduleMs = median(site);
  const emptyMs = median(empty);
  return { moduleMs, emptyMs, netMs: moduleMs - emptyMs, top: [...self].sort((x, y) => y[1] - x[1]).slice(0, 15) };
}

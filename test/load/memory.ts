/**
 * What a load round can measure of a server's memory. Node: the V8 heap in use after a full GC
 * (the site's /api/heap, with the server started with --expose-gc). workerd: Miniflare does not
 * expose an isolate's heap, so the nearest real figure is the resident set (VmRSS) of the workerd
 * process this test started, read from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of every process started (directly or not) by `root`. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces) start at the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** The resident set size in bytes of the workerd process under this test process. */
export function workerdRss(): number {
  const pids = descendants(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd';
    } catch {
      return false;
    }
  });
  if (pids.length !== 1) throw new Error(`expected one workerd process under this test, found ${pids.length}`);
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pids[0]}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error('no VmRSS in /proc status');
  return Number(kb) * 1024;
}

/** The node server's heap in use after a full GC, from the site's /api/heap. */
export async function nodeHeap(origin: string): Promise<number> {
  const res = await fetch(`${origin}/api/heap`);
  const { heap } = (await res.json()) as { heap: number | null };
  if (heap === null) throw new Error('the node server runs without --expose-gc');
  return heap;
}

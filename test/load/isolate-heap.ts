/**
 * The workerd isolate's V8 heap, the nearest real figure Miniflare offers: its inspector port
 * speaks the Chrome DevTools protocol, so `HeapProfiler.collectGarbage` then
 * `Runtime.getHeapUsage` give the heap in use after a full GC. The isolate handles inspector
 * messages only when it runs, so requests are sent until the GC has answered.
 */
import { connectInspector } from '../../bench/lib/inspector.ts';

export interface IsolateHeap {
  /** Bytes in use in the site's isolate after a full GC. */
  afterGc(): Promise<number>;
  close(): void;
}

/** Connects to the site's worker (`core:user:...`) on Miniflare's inspector at `port`; `poke` sends it one request. */
export async function inspectIsolate(port: number, poke: () => Promise<void>): Promise<IsolateHeap> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ id: string; webSocketDebuggerUrl: string }>;
  const target = targets.find((t) => t.id.startsWith('core:user:'));
  if (!target) throw new Error(`no user worker on the inspector; it lists ${targets.map((t) => t.id).join(', ')}`);
  const session = await connectInspector(new URL(target.webSocketDebuggerUrl));
  const call = (method: string): Promise<unknown> => session.send(method);
  return {
    async afterGc() {
      let collected = false;
      const gc = call('HeapProfiler.collectGarbage').then(() => (collected = true));
      for (let i = 0; i < 100 && !collected; i++) {
        await poke();
        await new Promise((r) => setTimeout(r, 10));
      }
      await gc;
      const usage = (await Promise.race([call('Runtime.getHeapUsage'), poke().then(() => call('Runtime.getHeapUsage'))])) as { usedSize: number };
      return usage.usedSize;
    },
    close: () => session.close(),
  };
}

/**
 * The workerd isolate's V8 heap, the nearest real figure Miniflare offers: its inspector port
 * speaks the Chrome DevTools protocol, so `HeapProfiler.collectGarbage` then
 * `Runtime.getHeapUsage` give the heap in use after a full GC. The isolate handles inspector
 * messages only when it runs, so requests are sent until the GC has answered.
 */

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
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let id = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string): Promise<unknown> =>
    new Promise((resolve) => {
      pending.set(++id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
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
    close: () => socket.close(),
  };
}

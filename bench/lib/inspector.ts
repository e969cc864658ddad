/** A Chrome DevTools protocol session with a worker on Miniflare's inspector (CPU profiles inside workerd). */

export interface InspectorSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): void;
}

/** Connects to `url` (Miniflare's inspector URL with the worker's path, e.g. `/core:user:bench`). */
export async function connectInspector(url: URL): Promise<InspectorSession> {
  const socket = new WebSocket(url);
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
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
      new Promise((resolve) => {
        pending.set(++id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

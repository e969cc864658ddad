/** `limits.bodyBytes`: a 413 up front when Content-Length says too much, a counting stream otherwise. */
import { plainError } from './builtin-pages.ts';
import { PayloadTooLargeError } from './errors.ts';

/** A body of unknown length being counted: whether it went past the limit (the route may have caught the error). */
export interface CountedBody {
  exceeded(): boolean;
  /** Once past the limit: settles when the rest of the body was read and dropped (see dropRest), at once otherwise. */
  drained(): Promise<void>;
}

/**
 * How long the rest of a body past the limit is read before the 413 goes out anyway. A local
 * server (workerd under wrangler dev, Miniflare, `edgepress preview`) closes a connection whose
 * request it left unread with a reset, and a reset that overtakes the 413 loses it: the client
 * sees a broken connection (a proxy in front, a 502). Servers linger the same way (nginx's
 * lingering_close); a deployed Worker never meets it, the platform's proxy reads the body.
 */
const DRAIN_MS = 250;

/**
 * Applies `limit` to `request`'s body without reading it: undefined when the request goes on as
 * it is (no body, or a Content-Length within the limit), a 413 when its Content-Length is over,
 * or a copy whose body errors once more than `limit` bytes went through.
 */
export function limitBody(request: Request, limit: number): Response | { request: Request; counted: CountedBody } | undefined {
  // GET and HEAD cannot carry a body in a new Request (some runtimes pass one through anyway): left alone.
  if (request.body === null || request.method === 'GET' || request.method === 'HEAD') return undefined;
  const length = request.headers.get('content-length');
  if (length !== null) {
    // The runtime already holds a body to its Content-Length, so a small one needs no counting.
    return Number(length) > limit ? plainError(request, 413, 'Payload Too Large') : undefined;
  }
  const source = request.body.getReader();
  let seen = 0;
  let rest: Promise<void> | undefined;
  const counted = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await source.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen <= limit) return controller.enqueue(value);
      controller.error(new PayloadTooLargeError(limit));
      rest = dropRest(source, limit);
    },
    cancel: (reason) => source.cancel(reason),
  });
  // `duplex` is required by Node's Request for a stream body; other runtimes ignore it.
  const init: RequestInit & { duplex: 'half' } = { body: counted, duplex: 'half' };
  return { request: new Request(request, init), counted: { exceeded: () => rest !== undefined, drained: () => rest ?? Promise.resolve() } };
}

/** Reads and drops up to `budget` more bytes, for at most DRAIN_MS; past either the body is cancelled. */
function dropRest(source: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      clearTimeout(timer);
      source.cancel().catch(() => {});
      resolve();
    };
    const timer = setTimeout(stop, DRAIN_MS);
    const next = (): void => {
      source.read().then(({ done, value }) => {
        if (done) {
          clearTimeout(timer);
          resolve();
        } else if ((budget -= value.byteLength) < 0) stop();
        else next();
      }, stop);
    };
    next();
  });
}

/** The answer to a request whose body was counted, once a body past the limit has been drained. */
export async function afterDrain(counted: CountedBody, answer: Promise<Response>): Promise<Response> {
  const response = await answer;
  if (counted.exceeded()) await counted.drained();
  return response;
}

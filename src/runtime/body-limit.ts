/** `limits.bodyBytes`: a 413 up front when Content-Length says too much, a counting stream otherwise. */
import { plainError } from './builtin-pages.ts';
import { PayloadTooLargeError } from './errors.ts';

/** A body of unknown length being counted: whether it went past the limit (the route may have caught the error). */
export interface CountedBody {
  exceeded(): boolean;
}

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
  let seen = 0;
  let over = false;
  const counted = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          over = true;
          controller.error(new PayloadTooLargeError(limit));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  // `duplex` is required by Node's Request for a stream body; other runtimes ignore it.
  const init: RequestInit & { duplex: 'half' } = { body: counted, duplex: 'half' };
  return { request: new Request(request, init), counted: { exceeded: () => over } };
}

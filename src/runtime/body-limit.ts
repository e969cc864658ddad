/** `limits.bodyBytes` for on-demand routes: a 413 up front when Content-Length says too much, a counting stream otherwise. */
import { plainError } from './builtin-pages.ts';
import { PayloadTooLargeError } from './errors.ts';

/** The request a route gets: itself, the same request with a counted body, or a 413 answer. */
export interface LimitedBody {
  request: Request;
  refused?: Response;
  /** True once a counted body went past the limit (the route may have caught the error). */
  exceeded(): boolean;
}

const never = (): boolean => false;

/** Applies `limit` to `request`'s body without reading it: bodies at or under the limit stream untouched. */
export function limitBody(request: Request, limit: number): LimitedBody {
  // GET and HEAD cannot carry a body in a new Request (some runtimes pass one through anyway): left alone.
  if (request.body === null || request.method === 'GET' || request.method === 'HEAD') return { request, exceeded: never };
  const length = request.headers.get('content-length');
  if (length !== null) {
    // The runtime already holds a body to its Content-Length, so a small one needs no counting.
    if (Number(length) > limit) return { request, refused: plainError(request, 413, 'Payload Too Large'), exceeded: () => true };
    return { request, exceeded: never };
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
  return { request: new Request(request, init), exceeded: () => over };
}

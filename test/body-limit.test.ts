/**
 * The counted body of `limits.bodyBytes` (a chunked request, no Content-Length): the route's read
 * fails past the limit, and the rest of the body is then read and dropped within bounds, so a local
 * server does not answer the unread bytes with a connection reset that overtakes the 413.
 */
import { describe, expect, it } from 'vitest';
import { limitBody } from '../src/runtime/body-limit.ts';
import { PayloadTooLargeError } from '../src/runtime/errors.ts';

const LIMIT = 1024;

/** A request whose body is `chunks` pieces of `size` bytes (endless when chunks is Infinity), recording what was read of it. */
function chunkedRequest(size: number, chunks: number, stallAfter = Infinity) {
  const seen = { pulled: 0, ended: false, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (seen.pulled === stallAfter) return new Promise<void>(() => {});
      if (seen.pulled === chunks) {
        seen.ended = true;
        return controller.close();
      }
      seen.pulled++;
      controller.enqueue(new Uint8Array(size));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const request = new Request('http://site.test/api', { method: 'POST', body, duplex: 'half' } as RequestInit & { duplex: 'half' });
  const limited = limitBody(request, LIMIT);
  if (!limited || limited instanceof Response) throw new Error('expected a counted body');
  return { ...limited, seen };
}

describe('limitBody on a body of unknown length', () => {
  it('passes a body within the limit through untouched', async () => {
    const { request, counted, seen } = chunkedRequest(256, 4);
    expect((await request.arrayBuffer()).byteLength).toBe(1024);
    expect(counted.exceeded()).toBe(false);
    expect(seen.ended).toBe(true);
    await counted.drained();
  });

  it('fails the read past the limit, then reads the rest of the body to its end before the answer', async () => {
    const { request, counted, seen } = chunkedRequest(256, 8);
    await expect(request.arrayBuffer()).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(counted.exceeded()).toBe(true);
    await counted.drained();
    expect(seen).toEqual({ pulled: 8, ended: true, cancelled: false });
  });

  it('drops at most another limit of an endless body, then cancels it', async () => {
    const { request, counted, seen } = chunkedRequest(256, Infinity);
    await expect(request.text()).rejects.toBeInstanceOf(PayloadTooLargeError);
    await counted.drained();
    expect(seen.cancelled).toBe(true);
    // 5 chunks to pass the limit, 5 more to pass the drain budget.
    expect(seen.pulled).toBeLessThanOrEqual(12);
  });

  it('stops waiting for a body that stalls after the limit, and cancels it', async () => {
    const { request, counted, seen } = chunkedRequest(512, Infinity, 3);
    await expect(request.arrayBuffer()).rejects.toBeInstanceOf(PayloadTooLargeError);
    await counted.drained();
    expect(seen).toMatchObject({ pulled: 3, cancelled: true });
  });
});

/**
 * The request policy at unit level, where a body or a render can be made to never end on cue:
 * an island POST whose chunked body never ends is cut at the limit.
 * (Over HTTP, in workerd and node: test/security.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/manifest.ts';
import { createHandler } from '../src/runtime/handler.ts';
import { islandSupport } from '../src/runtime/islands/setup.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const manifest: Manifest = { routes: [], base: '/', trailingSlash: 'ignore', output: 'server', middleware: false };

/** A body that gives 16 KiB chunks for as long as anyone reads, counting what was read. */
function endlessBody(): { body: ReadableStream<Uint8Array>; pulled(): number } {
  let pulled = 0;
  const chunk = new Uint8Array(16 * 1024).fill(120);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

describe('island requests', () => {
  it('an endless chunked POST body is cut at the limit: 413, and reading stopped there', async () => {
    const islands = islandSupport({ card: async () => ({}) }, [KEY], '/');
    const handler = createHandler({ manifest, modules: {}, islands });
    const { body, pulled } = endlessBody();
    const request = new Request('http://x/_islands/card?u=%2F', { method: 'POST', body, headers: { origin: 'http://x' }, duplex: 'half' } as RequestInit);
    const res = await handler.fetch(request);
    expect(res.status).toBe(413);
    // The islands' own limit is 64 KiB; a few chunks of read-ahead at most.
    expect(pulled()).toBeLessThan(256 * 1024);
  });
});

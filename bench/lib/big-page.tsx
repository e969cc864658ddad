/**
 * Issue 4: a large synchronous page (5,000 list items) rendered by our streaming renderer
 * vs hono's own `toString()` (what `c.html()` sends), in this process, as a ratio.
 */
import { renderHtmlStream } from '../../src/runtime/render/html-stream.ts';

const ITEMS = Array.from({ length: 5000 }, (_, i) => `Item ${i} & <friends>`);

function Item({ text, i }: { text: string; i: number }) {
  return <li class={i % 2 ? 'odd' : 'even'} data-i={i}>{text}</li>;
}

/** The tree, created per render as a page would. */
export function bigPage() {
  return (
    <html lang="en">
      <head><title>Big</title></head>
      <body>
        <ul>{ITEMS.map((text, i) => <Item text={text} i={i} />)}</ul>
      </body>
    </html>
  );
}

export async function renderOurs(): Promise<string> {
  return new Response(renderHtmlStream(bigPage(), { onError: (e) => { throw e; } })).text();
}

export async function renderHono(): Promise<string> {
  return new Response('<!doctype html>' + String(bigPage().toString())).text();
}

/** Renders per second of `fn` over about `ms` milliseconds (bounded by time and count). */
async function rate(fn: () => Promise<unknown>, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end && n < 100_000) {
    await fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

export interface BigPageResult {
  oursPerSec: number;
  honoPerSec: number;
  ratio: number;
  identical: boolean;
  bytes: number;
}

/** Interleaved rounds, medians. */
export async function benchBigPage(rounds: number, ms: number): Promise<BigPageResult> {
  const ours = await renderOurs();
  const hono = await renderHono();
  for (let i = 0; i < 20; i++) {
    await renderOurs();
    await renderHono();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    a.push(await rate(renderOurs, ms));
    b.push(await rate(renderHono, ms));
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const oursPerSec = median(a);
  const honoPerSec = median(b);
  return { oursPerSec, honoPerSec, ratio: oursPerSec / honoPerSec, identical: ours === hono, bytes: ours.length };
}

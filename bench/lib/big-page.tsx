/**
 * Issue 4's page: 5,000 `<li>` items from components with attributes. bench/lib/big-page-bench.ts
 * bundles this module with and without the JSX precompile and renders it in this process.
 */
import { renderHtmlStream } from '../../src/runtime/render/html-stream.ts';
import { RenderState } from '../../src/runtime/render/render-state.ts';
import { settleParts } from '../../src/runtime/render/slot.ts';
import { Walker } from '../../src/runtime/render/walker.ts';

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

/** Our streaming renderer, read to the end as a Response (bytes, as a server sends them). */
export async function renderOurs(): Promise<ArrayBuffer> {
  return new Response(renderHtmlStream(bigPage(), { onError: (e) => { throw e; } })).arrayBuffer();
}

/** hono's own `toString()`, as bytes: what `c.html()` sends. */
export async function renderHono(): Promise<ArrayBuffer> {
  return new Response('<!doctype html>' + String(bigPage().toString())).arrayBuffer();
}

/** Render only: our walker's output as one string, with no stream or bytes around it. */
export function renderOursString(): Promise<string> {
  const state = new RenderState(undefined, (e) => {
    throw e;
  });
  const walker = new Walker(state, bigPage());
  walker.run(Infinity);
  return settleParts(walker.out);
}

/** Render only: hono's `toString()`. */
export async function renderHonoString(): Promise<string> {
  return '<!doctype html>' + String(await bigPage().toString());
}

/**
 * What each case of test/fixtures/parity/routes/_cases.tsx renders (issue 22): `settled`, the
 * document once the swap scripts ran (see swaps.ts); `streamed`, how the stream begins where
 * that matters. Read from hono 4.13's own renderers, but for the deliberate differences.
 */
export const PARITY_EXPECTED: Record<string, { settled: string; streamed?: string }> = {
  'use-in-suspense': { settled: '<div><b>used</b></div>', streamed: '<div><template id="H:0"></template><i>wait</i><!--/$--></div>' },
  // In order, as every ErrorBoundary: the content in place, no script.
  'use-in-error-boundary': { settled: '<div><b>used</b></div>', streamed: '<div><b>used</b></div>' },
  'use-nested': { settled: '<div><span><b>inner</b></span><b>outer</b></div>' },
  'use-rejects-in-error-boundary': { settled: '<div><i>failed</i></div>' },
  // A deliberate difference: hono takes a thrown thenable that is not a Promise for an error.
  'thenable-in-suspense': { settled: '<div><b>then</b></div>' },
  'style-values': {
    settled:
      '<div style="font-family:&quot;DejaVu Sans Mono&quot;, monospace;content:&quot;a;b&quot;;background-image:url(&quot;x.png&quot;);grid-area:[a] 1fr"></div>',
  },
  'nested-suspense-inner-first': { settled: '<div><p>outer</p><p>inner</p></div>' },
  'error-boundary-around-suspense': { settled: '<div><p>async</p></div>' },
  'form-actions': { settled: '<div><form action="/permalink"><button formaction="/permalink">go</button><input/></form><form></form></div>' },
  'thenable-fallbacks': {
    settled: '<div><i>thenable fallback</i><p>async</p></div>',
    // A deliberate difference: hono's stream prints a Suspense fallback that is a thenable as `[object Object]`.
    streamed: '<div><i>thenable fallback</i><template id="H:0"></template><i>thenable wait</i><!--/$--></div>',
  },
  'fallback-render-context': { settled: '<div><u>provided</u></div>' },
  'raw-callbacks': { settled: '<div><p>filled</p></div>' },
  // A deliberate difference: the buffer holds the string itself, not the whole document (a stream
  // has sent the start of it), so what a callback appends lands right after its string.
  'raw-callback-appends': { settled: '<div><p>own</p><p>appended</p><p>after</p></div>' },
  'metadata-attributes': {
    settled:
      '<div><style data-href="/a.css" data-precedence="high">a{}</style><link rel="stylesheet" href="/b.css" data-precedence="low"/>' +
      '<link rel="icon" href="/i.png"/><script src="/s.js" async=""></script><script precedence="q">1</script>' +
      '<style precedence="z">b{}</style><meta name="m" content="c"/></div>',
  },
  'metadata-in-head': {
    settled:
      '<!doctype html><html><head><meta name="m" content="c" precedence="y"/><script src="/s.js" async="" blocking="render"></script>' +
      '<title itemprop="t">T</title></head><body><meta name="b" content="d"/></body></html>',
  },
  // html`` renders its values when it runs: in the synchronous part of a component they see the
  // provided value; after an await in the same body, the default (no AsyncLocalStorage on the edge).
  'html-helper-context': { settled: '<div><p><u>provided</u></p><p><u>default</u></p></div>' },
};

/**
 * Cases whose output differs from hono's on purpose (docs/DESIGN.md), or where hono's differs by
 * runtime (AsyncLocalStorage). In 'use-nested', hono's Suspense renders its children again after
 * the outer `use()` and prints the inner ErrorBoundary's pending result as `[object Promise]`.
 */
export const PARITY_NOT_HONO = new Set([
  'thenable-in-suspense', 'html-helper-context', 'use-nested', 'raw-callback-appends',
  // hono's toString() hoists the body's <meta> into <head> (we render metadata where it is written) and writes no doctype.
  'metadata-in-head',
]);

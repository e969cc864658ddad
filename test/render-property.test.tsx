/**
 * Random JSX trees through our streaming renderer and through hono's own renderer (`toString()`,
 * then its callbacks with the document as the buffer: what `c.html()` sends): the document a
 * browser ends with (after the swap scripts, test/helpers/swaps.ts) must be identical, with
 * hono's runtime JSX, with the server's own JSX runtime (src/runtime/render/jsx-runtime.ts) and with
 * compiled templates. Trees hold elements with tricky attributes and style
 * objects, form actions, metadata tags, raw strings with callbacks, components (async, failing),
 * context providers read in fallbacks and after awaits, Suspense and ErrorBoundary (nested), and
 * components that suspend with use() or a thenable. Seeded (test/helpers/property.ts); fast-check
 * prints the shrunk tree when it fails. What we do differently on purpose is in docs/DESIGN.md;
 * the generator leaves those cases out (see test/helpers/render-trees.ts).
 */
import fc from 'fast-check';
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html';
import { describe, expect, it } from 'vitest';
import { renderHtmlStream } from '../src/runtime/render/html-stream.ts';
import { check } from './helpers/property.ts';
import { build, PlantedError, tree, type Node } from './helpers/render-trees.ts';
import { hasBoundaryMarkers, settle } from './helpers/swaps.ts';

async function ours(root: unknown): Promise<string> {
  const errors: unknown[] = [];
  const html = await new Response(renderHtmlStream(root, { onError: (e) => errors.push(e) })).text();
  if (errors.length > 0) throw errors[0];
  if (hasBoundaryMarkers(settle(html))) throw new Error(`ErrorBoundary markers left in ${html}`);
  return settle(html);
}

async function hono(root: unknown): Promise<string> {
  const html = await (root as { toString(): string | Promise<string> }).toString();
  const document = String(await resolveCallback(html, HtmlEscapedCallbackPhase.Stringify, false, {}));
  // hono leaves an ErrorBoundary's markers when its content has callbacks that return nothing; ours has none (checked above).
  return document.replace(/<template id="E:\d+"><\/template>|<!--E:\d+-->/g, '');
}

/**
 * Runs `fn` with vitest's unhandled-rejection listeners set aside: hono leaves the rejections of
 * a boundary it dropped unhandled. Those of planted errors are expected; any other fails the test.
 */
async function toleratingPlantedRejections(fn: () => Promise<void>): Promise<void> {
  const listeners = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  const unexpected: unknown[] = [];
  const onRejection = (reason: unknown): void => void (reason instanceof PlantedError || unexpected.push(reason));
  process.on('unhandledRejection', onRejection);
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', onRejection);
    for (const listener of listeners) process.on('unhandledRejection', listener);
  }
  expect(unexpected).toEqual([]);
}

describe('the renderer against hono on random trees', () => {
  it('ends with the same document as hono for any tree: hono\'s JSX, the server\'s JSX runtime, compiled templates', async () => {
    await toleratingPlantedRejections(() => check(
      fc.asyncProperty(fc.array(tree, { minLength: 1, maxLength: 3 }), async (nodes) => {
        // Under a provider: hono lets a value provided to an async subtree leak into an async
        // component elsewhere that reads the context when no value was provided to it.
        const root: Node = { kind: 'provider', value: 'root', children: [{ kind: 'element', tag: 'div', attrs: [], children: nodes }] };
        // A value neither can print (an error no boundary catches) fails both.
        const expected = await hono(build(root, 'hono')).catch(() => 'throws');
        expect(await ours(build(root, 'runtime')).catch(() => 'throws')).toBe(expected);
        expect(await ours(build(root, 'lean')).catch(() => 'throws')).toBe(expected);
        expect(await ours(build(root, 'compiled')).catch(() => 'throws')).toBe(expected);
      }),
      400,
    ));
  });
});

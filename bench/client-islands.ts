/**
 * `npm run bench:client-islands`: what a client island costs the browser. One page with one
 * counter island (`client:load`), built by edgepress and served by workerd, opened in Chromium:
 * every byte of JavaScript the browser receives (the island's module and chunks, and the inline
 * waker), gzip -9, next to the same counter rendered by `hono/jsx/dom` alone (bundled and
 * minified by esbuild: the floor for any framework on hono/jsx/dom), and the time from navigation
 * start to an interactive island (hydrated: a click counts), median and p90 over N loads.
 * Astro 7 + @astrojs/preact is not installed here: its figure (9,396 B gzip for the same counter
 * with `client:load`) was measured earlier and is printed as a reference. BENCH_QUICK=1: fewer loads.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../test/helpers/browser.ts';
import { buildSite } from '../src/build/build-site.ts';
import { WAKER } from '../src/runtime/client-islands/waker.ts';
import { createTestWorker } from '../src/testing/index.ts';

const REPO = join(import.meta.dirname, '..');
const TMP = join(REPO, 'bench/.tmp/client-islands');
const LOADS = process.env.BENCH_QUICK === '1' ? 10 : 40;
const ASTRO_PREACT_GZIP = 9396;

const COUNTER = `import { useState } from 'hono/jsx';
export default function Counter({ start }: { start: number }) {
  const [n, setN] = useState(start);
  return <button id="count" onClick={() => setN(n + 1)}>{n}</button>;
}
`;

const gzip = (bytes: Uint8Array | string): number => gzipSync(bytes, { level: 9 }).length;

/** The counter with hono/jsx/dom and nothing else: `render` into a root, bundled and minified. */
async function honoAlone(dir: string): Promise<number> {
  const entry = join(dir, 'alone.tsx');
  writeFileSync(entry, `import { useState, render } from 'hono/jsx/dom';
function Counter({ start }: { start: number }) {
  const [n, setN] = useState(start);
  return <button onClick={() => setN(n + 1)}>{n}</button>;
}
render(<Counter start={1} />, document.getElementById('root')!);
`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx/dom',
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'hono/jsx/dom' } },
    nodePaths: [join(REPO, 'node_modules')],
    logLevel: 'silent',
  });
  return gzip(result.outputFiles[0]!.contents);
}

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function main(): Promise<void> {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(join(TMP, 'islands'), { recursive: true });
  mkdirSync(join(TMP, 'routes'), { recursive: true });
  writeFileSync(join(TMP, 'islands/counter.tsx'), COUNTER);
  writeFileSync(join(TMP, 'routes/index.tsx'), "import Counter from '../islands/counter.tsx';\nexport default () => <html><head><title>Counter</title></head><body><Counter start={1} /></body></html>;\n");
  await buildSite({ root: TMP, quiet: true });
  const alone = await honoAlone(TMP);

  const site = await createTestWorker({ root: TMP, build: false });
  const browser = await launchBrowser();
  try {
    // Bytes: what one load of the page downloads as JavaScript, plus the inline waker.
    const page = await browser.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
      scripts.set(new URL(response.url()).pathname, gzip(await response.body()));
    });
    await page.goto(site.url + '/', { waitUntil: 'networkidle' });
    await page.waitForSelector('edgepress-island[data-h]', { state: 'attached' });
    const html = readFileSync(join(TMP, 'dist/client/index.html'), 'utf8');
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('');
    const external = [...scripts.values()].reduce((a, b) => a + b, 0);
    await page.close();

    // Time: navigation start to the island hydrated, fresh context each load (no HTTP cache).
    const times: number[] = [];
    const htmlDone: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      // Recorded in the page, when hydration marks the island (no polling delay).
      await tab.addInitScript(() => {
        new MutationObserver((_, observer) => {
          if (!document.querySelector('edgepress-island[data-h]')) return;
          (window as unknown as { interactiveAt: number }).interactiveAt = performance.now();
          observer.disconnect();
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-h'] });
      });
      await tab.goto(site.url + '/', { waitUntil: 'commit' });
      await tab.waitForSelector('edgepress-island[data-h]', { state: 'attached' });
      times.push(await tab.evaluate(() => (window as unknown as { interactiveAt: number }).interactiveAt));
      htmlDone.push(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd));
      await context.close();
    }
    const total = external + gzip(inline);
    console.log('client islands: one counter island (client:load), prerendered, served by workerd, loaded in Chromium');
    for (const [path, bytes] of scripts) console.log(`  ${path.padEnd(40)} ${bytes} B gzip`);
    console.log(`  inline waker                             ${gzip(inline)} B gzip (${Buffer.byteLength(WAKER)} B raw)`);
    console.log(`  total JavaScript                         ${total} B gzip (modules only: ${external} B)`);
    console.log(`  hono/jsx/dom alone (same counter)        ${alone} B gzip  -> edgepress is ${((total / alone - 1) * 100).toFixed(1)}% above it (modules only: ${((external / alone - 1) * 100).toFixed(1)}%)`);
    console.log(`  Astro 7 + @astrojs/preact (measured earlier, not installed here)  ${ASTRO_PREACT_GZIP} B gzip -> edgepress is ${((1 - total / ASTRO_PREACT_GZIP) * 100).toFixed(1)}% below it`);
    console.log(`  navigation start -> island interactive   median ${percentile(times, 0.5).toFixed(1)} ms, p90 ${percentile(times, 0.9).toFixed(1)} ms (${LOADS} loads, fresh context each; the HTML itself ends at median ${percentile(htmlDone, 0.5).toFixed(1)} ms)`);
  } finally {
    await browser.close();
    await site.dispose();
  }
}

await main();

/**
 * `npm run bench:client-islands`: what a client island costs the browser. One page with one
 * counter island (`client:load`), built by edgepress and served by workerd, opened in Chromium:
 * every byte of JavaScript the browser receives (the island's module and chunks, and the inline
 * waker), gzip -9, next to the same counter rendered by `hono/jsx/dom` alone (bundled and
 * minified by esbuild: the floor for any framework on hono/jsx/dom), and the time from navigation
 * start to an interactive island (hydrated: a click counts), median and p90 over N loads.
 * Astro 7 + @astrojs/preact: bench/astro's /counter (the same counter in Preact, `client:load`,
 * prerendered), built and served by workerd the same way, its JavaScript counted by the same
 * method; when Astro cannot be built (bench/lib/astro.ts) the report says why. BENCH_QUICK=1:
 * fewer loads. BENCH_ASTRO=0: leave Astro out.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/helpers/browser.ts';
import { astroMiniflareExtra, buildAstro, type AstroBuild } from './lib/astro.ts';
import { serveWorker, type Served } from './lib/workers.ts';
import { buildSite } from '../src/build/build-site.ts';
import { WAKER } from '../src/runtime/client-islands/waker.ts';
import { createTestWorker } from '../src/testing/index.ts';

const REPO = join(import.meta.dirname, '..');
const TMP = join(REPO, 'bench/.tmp/client-islands');
const LOADS = process.env.BENCH_QUICK === '1' ? 10 : 40;

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

/** How a page shows its island hydrated: a selector that matches from then on, and the attribute whose change makes it match. */
interface Island {
  hydrated: string;
  attribute: string;
}
const EDGEPRESS: Island = { hydrated: 'edgepress-island[data-h]', attribute: 'data-h' };
const ASTRO: Island = { hydrated: 'astro-island:not([ssr])', attribute: 'ssr' };

/**
 * Every JavaScript response (gzip -9 each) and the inline scripts (together, gzip -9) of one load
 * of `url`, once its island is hydrated; then a click must count (the counter works).
 */
async function pageJs(browser: Browser, url: string, island: Island): Promise<{ scripts: Map<string, number>; inline: number; inlineRaw: number }> {
  const page = await browser.newPage();
  const scripts = new Map<string, number>();
  const bodies: Promise<void>[] = [];
  page.on('response', (response) => {
    if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
    bodies.push(response.body().then((body) => void scripts.set(new URL(response.url()).pathname, gzip(body))));
  });
  try {
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForSelector(island.hydrated, { state: 'attached' });
    await Promise.all(bodies);
    await page.click('#count');
    await page.waitForFunction(() => document.getElementById('count')?.textContent === '2', undefined, { timeout: 5000 });
    const html = (await response!.body()).toString('utf8');
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('');
    return { scripts, inline: gzip(inline), inlineRaw: Buffer.byteLength(inline) };
  } finally {
    await page.close();
  }
}

/** One load of `url` in a fresh context (no HTTP cache): ms from navigation start to the island hydrated, and to the HTML's end. */
async function loadOnce(browser: Browser, url: string, island: Island): Promise<{ interactiveAt: number; htmlDone: number }> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    // Recorded in the page, when hydration marks the island (no polling delay).
    await tab.addInitScript(({ hydrated, attribute }) => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector(hydrated)) return;
        (window as unknown as { interactiveAt: number }).interactiveAt = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: [attribute] });
    }, island);
    await tab.goto(url, { waitUntil: 'commit' });
    await tab.waitForSelector(island.hydrated, { state: 'attached' });
    await tab.waitForFunction(() => (window as unknown as { interactiveAt?: number }).interactiveAt !== undefined);
    return {
      interactiveAt: await tab.evaluate(() => (window as unknown as { interactiveAt: number }).interactiveAt),
      htmlDone: await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd),
    };
  } finally {
    await context.close();
  }
}

const sum = (scripts: Map<string, number>): number => [...scripts.values()].reduce((a, b) => a + b, 0);

/** bench/astro built and served by workerd, or why Astro is not in this run. */
async function serveAstro(ourRoot: string): Promise<Served | { skipped: string }> {
  const built: AstroBuild = process.env.BENCH_ASTRO === '0' ? { skipped: 'BENCH_ASTRO=0' } : buildAstro((line) => console.log(`(${line})`));
  if ('skipped' in built) return built;
  if (!existsSync(join(built.root, 'dist/client/counter/index.html'))) return { skipped: 'bench/astro built without its /counter page' };
  return serveWorker(built.entry, built.root, astroMiniflareExtra(ourRoot));
}

const median = (values: number[]): string => percentile(values, 0.5).toFixed(1);
const p90 = (values: number[]): string => percentile(values, 0.9).toFixed(1);

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
  const astro = await serveAstro(TMP);
  const astroUrl = 'url' in astro ? astro.url + '/counter/' : undefined;
  const browser = await launchBrowser();
  try {
    // Bytes: what one load of the page downloads as JavaScript, plus the inline scripts.
    const ours = await pageJs(browser, site.url + '/', EDGEPRESS);
    const theirs = astroUrl ? await pageJs(browser, astroUrl, ASTRO) : undefined;

    // Time: navigation start to the island hydrated, fresh context each load, edgepress and Astro in turn.
    const times = { edgepress: [] as number[], astro: [] as number[] };
    const htmlDone = { edgepress: [] as number[], astro: [] as number[] };
    for (let i = 0; i < LOADS; i++) {
      const load = await loadOnce(browser, site.url + '/', EDGEPRESS);
      times.edgepress.push(load.interactiveAt);
      htmlDone.edgepress.push(load.htmlDone);
      if (!astroUrl) continue;
      const astroLoad = await loadOnce(browser, astroUrl, ASTRO);
      times.astro.push(astroLoad.interactiveAt);
      htmlDone.astro.push(astroLoad.htmlDone);
    }

    const external = sum(ours.scripts);
    const total = external + ours.inline;
    console.log('client islands: one counter island (client:load), prerendered, served by workerd, loaded in Chromium');
    for (const [path, bytes] of ours.scripts) console.log(`  ${path.padEnd(40)} ${bytes} B gzip`);
    console.log(`  inline waker                             ${ours.inline} B gzip (${Buffer.byteLength(WAKER)} B raw)`);
    console.log(`  total JavaScript                         ${total} B gzip (modules only: ${external} B)`);
    console.log(`  hono/jsx/dom alone (same counter)        ${alone} B gzip  -> edgepress is ${((total / alone - 1) * 100).toFixed(1)}% above it (modules only: ${((external / alone - 1) * 100).toFixed(1)}%)`);
    if (!theirs) console.log(`  Astro 7 + @astrojs/preact: not in this run (${'skipped' in astro ? astro.skipped : ''})`);
    else {
      const theirTotal = sum(theirs.scripts) + theirs.inline;
      console.log(`  Astro 7 + @astrojs/preact (bench/astro /counter: the same counter in Preact, client:load)`);
      for (const [path, bytes] of theirs.scripts) console.log(`    ${path.padEnd(38)} ${bytes} B gzip`);
      console.log(`    inline scripts (astro-island, client:load) ${theirs.inline} B gzip (${theirs.inlineRaw} B raw)`);
      console.log(`    total JavaScript                       ${theirTotal} B gzip -> edgepress is ${((1 - total / theirTotal) * 100).toFixed(1)}% below it`);
    }
    console.log(`  navigation start -> island interactive (${LOADS} loads each, fresh context each, in turn):`);
    console.log(`    edgepress                              median ${median(times.edgepress)} ms, p90 ${p90(times.edgepress)} ms (the HTML itself ends at median ${median(htmlDone.edgepress)} ms)`);
    if (theirs) console.log(`    Astro 7 + @astrojs/preact              median ${median(times.astro)} ms, p90 ${p90(times.astro)} ms (the HTML itself ends at median ${median(htmlDone.astro)} ms)`);
  } finally {
    await browser.close();
    await site.dispose();
    if ('dispose' in astro) await astro.dispose();
  }
}

await main();

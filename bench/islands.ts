/**
 * `npm run bench:islands`: what server islands cost. Prints the loader's size (raw and gzip, and
 * the markup each island adds), the server bundle with and without `defer()` for the same page,
 * and, in workerd (Miniflare, no proxy), the time to first byte and to the last byte of one island
 * against the whole on-demand page that renders the same component in place (interleaved
 * samples, medians and p90). BENCH_QUICK=1 takes fewer samples.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../src/build/build-site.ts';
import { LOADER, loaderScript } from '../src/runtime/islands/loader.ts';
import { firstByte, type FirstByte } from './lib/first-byte.ts';
import { serveWorker } from './lib/workers.ts';

const REPO = join(import.meta.dirname, '..');
const TMP = join(REPO, 'bench/.tmp/islands');
const SAMPLES = process.env.BENCH_QUICK === '1' ? 50 : 400;

const LAYOUT = `import type { Child } from 'hono/jsx';
import { NAV, ITEMS } from '${join(REPO, 'bench/shared/data.ts')}';
/** The bench's page: head, a 20-link nav, 100 escaped items, then the card. */
export function Page({ children }: { children?: Child }) {
  return (
    <html lang="en">
      <head><meta charset="utf-8" /><title>Shop</title></head>
      <body>
        <nav><ul>{NAV.map((l) => <li><a href={l.href}>{l.label}</a></li>)}</ul></nav>
        <ul class="items">{ITEMS.map((item) => <li class="item">{item}</li>)}</ul>
        <aside>{children}</aside>
      </body>
    </html>
  );
}
`;
const CARD = (deferred: boolean): string => `import { ${deferred ? 'defer, ' : ''}usePage } from 'edgepress';
/** Per visitor: reads a cookie, sets one. */
export function Card({ sku }: { sku: string }) {
  const { cookies } = usePage();
  const visits = (cookies.get('visits')?.number() ?? 0) + 1;
  return <section class="card">Cart for visitor {visits}: {sku}</section>;
}
${deferred ? "export const DeferredCard = defer(Card, { fallback: <p>Loading cart…</p> });\n" : ''}`;

function writeSite(root: string, deferred: boolean): void {
  rmSync(root, { recursive: true, force: true });
  const files: Record<string, string> = {
    'edgepress.config.ts': "import { defineConfig } from 'edgepress';\nexport default defineConfig({ adapter: 'cloudflare' });\n",
    'routes/_page.tsx': LAYOUT,
    'routes/_card.tsx': CARD(deferred),
    // The whole page on demand, the card rendered in place.
    'routes/whole.tsx': "import { Page } from './_page.tsx';\nimport { Card } from './_card.tsx';\nexport const prerender = false;\nexport default () => <Page><Card sku=\"A-1\" /></Page>;\n",
  };
  // The same page prerendered, the card deferred to its island.
  if (deferred) files['routes/shell.tsx'] = "import { Page } from './_page.tsx';\nimport { DeferredCard } from './_card.tsx';\nexport default () => <Page><DeferredCard sku=\"A-1\" /></Page>;\n";
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const ms = (x: number): string => `${x.toFixed(2)} ms`;
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  process.env.EDGEPRESS_KEY ??= Buffer.alloc(32, 9).toString('base64');
  const markup = `<template data-island="/_islands/deferredcard-12345678" data-p="${'x'.repeat(64)}"></template>${loaderScript('')}`;
  console.log(`loader: ${LOADER.length} B raw, ${gzipSync(LOADER, { level: 9 }).length} B gzip; per island with a 64-char token: ${markup.length} B raw (the loader text repeats per island, so gzip takes the repeats almost free)`);

  const plain = join(TMP, 'plain');
  const islands = join(TMP, 'islands');
  writeSite(plain, false);
  writeSite(islands, true);
  const without = await buildSite({ root: plain, quiet: true });
  const withIslands = await buildSite({ root: islands, quiet: true });
  console.log(
    `server bundle: without defer() ${kb(without.bundle.bytes)} raw / ${kb(without.bundle.gzipBytes)} gzip; with it ${kb(withIslands.bundle.bytes)} / ${kb(withIslands.bundle.gzipBytes)} ` +
      `(+${withIslands.bundle.bytes - without.bundle.bytes} B raw, +${withIslands.bundle.gzipBytes - without.bundle.gzipBytes} B gzip)`,
  );

  const served = await serveWorker(join(islands, 'dist/server/index.js'), islands);
  try {
    const port = Number(new URL(served.url).port);
    const shell = await (await fetch(served.url + '/shell')).text();
    const [, path, p] = /data-island="([^"]+)" data-p="([^"]+)"/.exec(shell) ?? [];
    if (!path) throw new Error('no island in /shell');
    const island = `${path}?u=%2Fshell&p=${p}`;
    const targets = { 'whole on-demand page (/whole)': '/whole', 'island alone': island, 'prerendered shell (/shell, from assets)': '/shell' };
    const samples = new Map<string, FirstByte[]>(Object.keys(targets).map((name) => [name, []]));
    for (const path of Object.values(targets)) for (let i = 0; i < 20; i++) await firstByte(port, path); // warm-up
    for (let i = 0; i < SAMPLES; i++) {
      for (const [name, path] of Object.entries(targets)) samples.get(name)!.push(await firstByte(port, path));
    }
    console.log(`workerd, ${SAMPLES} interleaved samples each (time to first body byte / to the end; median, p90):`);
    for (const [name, runs] of samples) {
      const first = runs.map((r) => r.firstByteMs);
      const total = runs.map((r) => r.totalMs);
      console.log(`  ${name.padEnd(40)} first byte ${ms(median(first))} (p90 ${ms(p90(first))})   end ${ms(median(total))} (p90 ${ms(p90(total))})`);
    }
  } finally {
    await served.dispose();
  }
}

await main();

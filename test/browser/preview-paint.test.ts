/**
 * Streamed HTML paints as it arrives, in Chromium, for every adapter's real runtime
 * (`edgepress preview`): the heading is in the DOM while the slowest section is still pending,
 * and a Suspense fallback is shown, then replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { AdapterName } from '../../src/config.ts';
import { startPreview } from '../../src/cli/preview.ts';
import { arrivals, launchBrowser, PAINT_PAGE, watchArrivals, type Arrivals } from '../helpers/browser.ts';
import { build, makeSite, removeSite } from '../helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

const ADAPTERS: AdapterName[] = ['cloudflare', 'cloudflare-kv', 'deno', 'vercel', 'netlify', 'bun', 'node'];
const SLOW_MS = 400;
const timings: string[] = [];

let browser: Browser;
let root: string;
beforeAll(async () => {
  browser = await launchBrowser();
  root = makeSite(null, { 'routes/paint.tsx': PAINT_PAGE(SLOW_MS), 'routes/index.tsx': 'export default () => <p>home</p>;\n' });
});
afterAll(async () => {
  await browser?.close();
  if (root) removeSite(root);
  console.log(`heading vs slowest section (ms after navigation, slowest takes ${SLOW_MS} ms):\n${timings.join('\n')}`);
});

describe.each(ADAPTERS)('preview of the %s adapter in Chromium', (adapter) => {
  it('paints the heading before the slowest section, and swaps the Suspense fallback', async () => {
    await build(root, { adapter });
    const server = await startPreview(root, { adapter, port: 0 });
    const page = await browser.newPage();
    try {
      await watchArrivals(page);
      await page.goto(`${server.url}/paint`, { waitUntil: 'load' });
      await page.waitForSelector('#resolved');
      const seen: Arrivals = await arrivals(page);
      timings.push(`  ${adapter.padEnd(13)} heading ${seen.headingAt?.toFixed(0)}  slowest ${seen.slowestAt?.toFixed(0)}`);
      expect(seen.headingBeforeSlowest, `the heading arrived with the slowest section: ${JSON.stringify(seen)}`).toBe(true);
      expect(seen.fallbackSeen).toBe(true);
      expect(await page.locator('#fallback').count()).toBe(0);
      expect(await page.locator('#resolved').textContent()).toBe('resolved content');
    } finally {
      await page.close();
      await server.close();
    }
  });
});

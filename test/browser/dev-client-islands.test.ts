/**
 * Client islands under `edgepress dev`, in Chromium: an island hydrates (a click counts), and an
 * edit to the island's file reloads the open page with the new code, hydrated again.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';
import { makeSite, removeSite } from '../helpers/site.ts';

const COUNTER = (label: string): string => `import { useState } from 'hono/jsx';
export default function Counter({ start }: { start: number }) {
  const [n, setN] = useState(start);
  return <button id="count" onClick={() => setN(n + 1)}>${label} {n}</button>;
}
`;

let root: string;
let dev: DevServer;
let browser: Browser;

beforeAll(async () => {
  root = makeSite(null, {
    'islands/counter.tsx': COUNTER('clicks'),
    'routes/index.tsx': "import Counter from '../islands/counter.tsx';\nexport default () => <html><body><Counter start={1} /></body></html>;\n",
  });
  dev = await startDevServer(root);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  if (root) removeSite(root);
});

describe('client islands in edgepress dev', () => {
  it('hydrates, and an edit to the island reloads the page with the new code', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // (The site has no favicon: Chromium's request for it is not the island's business.)
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(`${message.text()} ${message.location().url}`);
    });
    await page.goto(dev.origin + '/');
    await page.waitForSelector('edgepress-island[data-h]', { state: 'attached' }).catch((error: Error) => {
      throw new Error(`${error.message}\nbrowser errors: ${errors.join(' | ')}\ndev output: ${dev.output().slice(-2000)}`);
    });
    await page.click('#count');
    expect(await page.textContent('#count')).toBe('clicks 2');
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    writeFileSync(join(root, 'islands/counter.tsx.tmp'), COUNTER('taps'));
    renameSync(join(root, 'islands/counter.tsx.tmp'), join(root, 'islands/counter.tsx'));
    await reloaded;
    await page.waitForSelector('edgepress-island[data-h]', { state: 'attached' });
    await page.click('#count');
    expect(await page.textContent('#count')).toBe('taps 2');
    expect(errors).toEqual([]);
    await page.close();
  });
});

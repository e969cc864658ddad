/**
 * Imported styles in Chromium (issue 27): they apply on a prerendered and an on-demand page
 * (computed colours), under a strict CSP with no 'unsafe-inline'; in `edgepress dev` an edit
 * to an imported stylesheet or a CSS Module swaps it in the open page without a reload, and a
 * CSS syntax error shows in the page until it is fixed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';
import { buildAndStart, type StartedSite } from '../helpers/runtimes.ts';
import { build, makeSite, removeSite } from '../helpers/site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser?.close());

const color = (page: Page, selector: string): Promise<string> => page.locator(selector).evaluate((el) => getComputedStyle(el).color);

describe('a built site in workerd, under a CSP without unsafe-inline', () => {
  let root: string;
  let site: StartedSite;
  beforeAll(async () => {
    root = makeSite('styles', {
      'edgepress.config.ts': "import { defineConfig } from 'edgepress';\nexport default defineConfig({ security: { csp: { directives: { 'default-src': ['self'] } } } });\n",
    });
    site = await buildAndStart(root, 'workerd');
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    if (root) removeSite(root);
  });

  for (const [path, kind, heading] of [['/', 'prerendered', 'rgb(0, 128, 0)'], ['/live', 'on-demand', 'rgb(128, 0, 128)']] as const) {
    it(`applies the layout's stylesheet, the page's own and a CSS Module on the ${kind} page`, async () => {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const res = await page.goto(site.origin + path);
      const policy = res?.headers()['content-security-policy'] ?? '';
      expect(policy).toMatch(/default-src 'self'/);
      expect(policy).not.toContain('unsafe-inline');
      expect(await color(page, 'body')).toBe('rgb(0, 0, 128)');
      expect(await color(page, '#title')).toBe(heading);
      expect(await color(page, 'button')).toBe('rgb(200, 0, 0)');
      expect(violations).toEqual([]);
      // On demand, the links also carry the page's nonce (a nonce-only style-src would load them).
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      const linkNonces = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).nonce));
      expect(linkNonces).toEqual(kind === 'on-demand' ? [nonce, nonce, nonce] : ['', '', '']);
      await page.close();
    });
  }
});

describe('edgepress dev', () => {
  let root: string;
  let dev: DevServer;
  beforeAll(async () => {
    root = makeSite('styles');
    // After a production build, as a user's site often is (dist/client/_assets is there already).
    await build(root, { adapter: 'node' });
    dev = await startDevServer(root);
  }, 90_000);
  afterAll(async () => {
    await dev?.stop();
    if (root) removeSite(root);
  });

  it('swaps an edited stylesheet and an edited CSS Module in the open page, without a reload', async () => {
    const page = await browser.newPage();
    await page.goto(dev.origin + '/');
    expect(await color(page, '#title')).toBe('rgb(0, 128, 0)');
    expect(await color(page, 'button')).toBe('rgb(200, 0, 0)');
    await page.evaluate(() => ((window as unknown as { kept: number }).kept = 42));

    writeFileSync(join(root, 'routes/_styles/home.css'), 'h1 { color: rgb(255, 0, 0); }\n');
    await page.waitForFunction(() => getComputedStyle(document.getElementById('title')!).color === 'rgb(255, 0, 0)', undefined, { timeout: 30_000 });

    writeFileSync(join(root, 'routes/_components/button.module.css'), '.btn { color: rgb(0, 0, 200); }\n');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('button')!).color === 'rgb(0, 0, 200)', undefined, { timeout: 30_000 });

    expect(await page.evaluate(() => (window as unknown as { kept: number }).kept)).toBe(42);
    expect(dev.output()).toMatch(/swapped in \d+ ms/);
    await page.close();
  });

  it('shows a CSS syntax error in the page, naming the file and line, until it is fixed', async () => {
    const page = await browser.newPage();
    await page.goto(dev.origin + '/about');
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    writeFileSync(join(root, 'routes/_styles/layout.css'), 'body { color: rgb(0, 0, 128);\n\nh1 { color: red }\n');
    await reloaded;
    expect(await page.locator('body').textContent()).toMatch(/routes\/_styles\/layout\.css: 4:\d+: Expected "}" to go with "{" \(CSS syntax error\)/);
    const fixed = page.waitForEvent('load', { timeout: 30_000 });
    writeFileSync(join(root, 'routes/_styles/layout.css'), 'body { color: rgb(0, 100, 0); }\n');
    await fixed;
    await page.waitForSelector('#title');
    expect(await color(page, 'body')).toBe('rgb(0, 100, 0)');
    await page.close();
  });
});

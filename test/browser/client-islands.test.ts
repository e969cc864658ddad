/**
 * Client islands in Chromium, served by workerd under a strict CSP (no 'unsafe-inline'): the
 * server HTML shows each island's first state without JavaScript; with it, islands hydrate
 * (clicks change state), children stay the very DOM nodes the server sent, `client:visible`
 * downloads nothing until scrolled to, `client:only` shows its fallback first, and an island in
 * a Suspense boundary of a streamed page hydrates when it arrives. No console error or warning.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSite } from '../helpers/browser-site.ts';

const running = browserSite('client-islands');

interface Watched {
  page: Page;
  errors: string[];
  /** Paths of the client files requested, in order. */
  scripts: string[];
}

/** A page whose console errors, warnings and client-file requests are recorded; `hold` delays requests matching it until released. */
async function watchedPage(javaScriptEnabled = true, hold?: RegExp): Promise<Watched & { release: () => void }> {
  const context = await running.browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const errors: string[] = [];
  const scripts: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/_edgepress/')) scripts.push(path);
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  if (hold) {
    await page.route(hold, async (route) => {
      await gate;
      await route.continue();
    });
  }
  return { page, errors, scripts, release };
}

const hydrated = (page: Page, selector: string) => page.waitForSelector(`edgepress-island[data-h]:has(${selector})`, { state: 'attached' });
const text = async (page: Page, selector: string) => (await page.textContent(selector))?.trim();

/** client:visible: nothing of `#lazy`'s module is downloaded until it is scrolled into view, then it hydrates. */
async function expectVisibleWakesOnScroll(page: Page, scripts: string[]): Promise<void> {
  expect(scripts.filter((path) => path.includes('/lazy-'))).toEqual([]);
  expect(await text(page, '#lazy')).toBe('lazy asleep');
  await page.locator('#lazy').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById('lazy')?.textContent === 'lazy awake');
  expect(scripts.filter((path) => path.includes('/lazy-'))).toHaveLength(1);
}

describe('client islands in Chromium', () => {
  it('a prerendered page shows every island’s first state without JavaScript', async () => {
    const { page, errors } = await watchedPage(false);
    try {
      await page.goto(running.site.url + '/', { waitUntil: 'load' });
      expect(await text(page, '#first button')).toBe('1');
      expect(await text(page, '#child')).toBe('static child');
      expect(await text(page, '#second button')).toBe('10');
      expect(await text(page, '#facts')).toBe('facts');
      expect(await text(page, '#only-fallback')).toBe('loading the browser part…');
      expect(await page.$('#only')).toBeNull();
      expect(await text(page, '#lazy')).toBe('lazy asleep');
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('a prerendered page hydrates its islands: clicks count, children stay, rich props survive, only-islands replace their fallback', async () => {
    const { page, errors, scripts, release } = await watchedPage(true, /\/_edgepress\/only-/);
    try {
      await page.goto(running.site.url + '/', { waitUntil: 'load' });
      // The browser-only island's module is held back: its fallback is what the page shows.
      expect(await text(page, '#only-fallback')).toBe('loading the browser part…');
      await page.evaluate(() => ((document.getElementById('child') as unknown as { mark: number }).mark = 42));
      await hydrated(page, '#first');
      await page.click('#first button');
      await page.click('#first button');
      expect(await text(page, '#first button')).toBe('3');
      // The child is the node the server sent, moved into the hydrated island, not a copy.
      expect(await page.evaluate(() => (document.getElementById('child') as unknown as { mark?: number }).mark)).toBe(42);
      await hydrated(page, '#second');
      await page.click('#second button');
      expect(await text(page, '#second button')).toBe('11');
      // An island passed as children to another: both hydrate, and each keeps its own state.
      await page.waitForSelector('edgepress-island[data-h] > #inner', { state: 'attached' });
      await page.waitForSelector('edgepress-island[data-h] > #outer', { state: 'attached' });
      await page.click('#inner button');
      await page.click('#outer > button');
      expect(await text(page, '#inner button')).toBe('41');
      expect(await text(page, '#outer > button')).toBe('31');
      await hydrated(page, '#facts');
      await page.click('#facts');
      expect(await text(page, '#facts')).toBe('2020-01-02T00:00:00.000Z 7 a+b 18446744073709551617');
      release();
      await page.waitForSelector('#only');
      expect(await text(page, '#only')).toBe('only in the browser, measured');
      expect(await page.$('#only-fallback')).toBeNull();
      await expectVisibleWakesOnScroll(page, scripts);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('an on-demand page shows the first state without JavaScript', async () => {
    const { page, errors } = await watchedPage(false);
    try {
      const response = await page.goto(running.site.url + '/live', { waitUntil: 'load' });
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
      expect(await text(page, '#first button')).toBe('1');
      expect(await text(page, '#later-fallback')).toBe('later…');
      expect(await text(page, '#lazy')).toBe('lazy asleep');
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('an on-demand streamed page hydrates at once, then the island inside Suspense when it arrives, the media one when its query matches, the visible one when scrolled to', async () => {
    const { page, errors, scripts } = await watchedPage(true);
    try {
      await page.goto(running.site.url + '/live', { waitUntil: 'load' });
      await hydrated(page, '#first');
      await page.click('#first button');
      expect(await text(page, '#first button')).toBe('2');
      await hydrated(page, '#later');
      expect(await page.$('#later-fallback')).toBeNull();
      // client:media: asleep while the query does not match, awake once it does.
      expect(await page.$('edgepress-island[data-h]:has(#narrow)')).toBeNull();
      await page.setViewportSize({ width: 380, height: 700 });
      await hydrated(page, '#narrow');
      await page.click('#narrow button');
      expect(await text(page, '#narrow button')).toBe('8');
      await page.click('#later button');
      expect(await text(page, '#later button')).toBe('101');
      await expectVisibleWakesOnScroll(page, scripts);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('a client island inside a server island (defer()) hydrates when the server island arrives', async () => {
    const { page, errors } = await watchedPage(true);
    try {
      await page.goto(running.site.url + '/deferred', { waitUntil: 'load' });
      await hydrated(page, '#deferred');
      expect(await page.$('#box-fallback')).toBeNull();
      await page.click('#deferred button');
      expect(await text(page, '#deferred button')).toBe('51');
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

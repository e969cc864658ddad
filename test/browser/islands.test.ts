/**
 * Server islands in Chromium, served by workerd under a strict CSP: the fallback is on screen
 * first (the island requests are held until it has been seen), then each island replaces it with
 * the visitor's HTML, the large-props island by POST, on a prerendered page (the loader allowed by
 * its hash) and on an on-demand one (by the response's nonce), with no console error.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSite } from '../helpers/browser-site.ts';
import { build, withEnv } from '../helpers/site.ts';

const running = browserSite('islands', (root) => withEnv({ EDGEPRESS_KEY: Buffer.alloc(32, 7).toString('base64') }, () => build(root)));

/** A page whose island requests wait for `release()`; console errors and page errors are collected. */
async function heldPage(): Promise<{ page: Page; errors: string[]; islandRequests: string[]; release: () => void }> {
  const context = await running.browser.newContext();
  await context.addCookies([{ name: 'visitor', value: 'ana', url: running.site.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const islandRequests: string[] = [];
  await page.route('**/_islands/**', async (route) => {
    islandRequests.push(route.request().method());
    await gate;
    await route.continue();
  });
  return { page, errors, islandRequests, release };
}

describe('server islands in Chromium', () => {
  it('a prerendered page shows the fallbacks, then the islands replace them with the visitor’s HTML', async () => {
    const { page, errors, islandRequests, release } = await heldPage();
    try {
      await page.goto(running.site.url + '/?from=test', { waitUntil: 'load' });
      expect(await page.textContent('#card-fallback')).toBe('Loading your card…');
      expect(await page.textContent('#big-fallback')).toBe('400 items coming');
      expect(await page.$('#card')).toBeNull();
      release();
      await page.waitForSelector('#card');
      await page.waitForSelector('#big');
      expect(await page.textContent('#card')).toBe('Hello, ana on /?from=test (member since 2020, middleware)');
      expect(await page.textContent('#big')).toBe('400 items, last item number 399');
      expect(await page.$('#card-fallback')).toBeNull();
      expect(await page.$('#big-fallback')).toBeNull();
      // The markers and loaders are gone; the rest of the page is untouched.
      expect(await page.evaluate(() => document.querySelectorAll('template[data-island], body script').length)).toBe(0);
      expect(await page.textContent('footer')).toBe('static footer');
      expect(islandRequests.sort()).toEqual(['GET', 'POST']);
      // The island set a cookie of its own.
      expect((await page.context().cookies()).map((c) => c.name).sort()).toEqual(['seen-card', 'visitor']);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('an on-demand page under a nonce CSP swaps its island, with the inline one rendered in place', async () => {
    const { page, errors, release } = await heldPage();
    try {
      await page.goto(running.site.url + '/live', { waitUntil: 'load' });
      expect(await page.textContent('#card-fallback')).toBe('Loading your card…');
      expect(await page.textContent('#badge')).toBe('Inline for ana');
      release();
      await page.waitForSelector('#card');
      expect(await page.textContent('#card')).toBe('Hi, ana on /live (member since 2021, middleware)');
      expect(await page.$('#card-fallback')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

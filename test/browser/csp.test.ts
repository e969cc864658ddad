/**
 * A streamed page under a strict nonce CSP (security.csp) in Chromium, served by workerd: both
 * Suspense fallbacks are replaced by hono's swap scripts (which carry the header's nonce) with no
 * CSP violation, and a script injected without the nonce is blocked. The control: the same page
 * with a header naming another nonce keeps its fallbacks and reports violations, so the test
 * can fail.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSite } from '../helpers/browser-site.ts';

const running = browserSite('security');

/** Opens `path`, waits until the stream has ended (load), and returns the CSP messages Chromium printed. */
async function open(page: Page, path: string): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(running.site.url + path, { waitUntil: 'load' });
  return violations;
}

/** What is on screen: which fallbacks and contents, and which scripts ran. */
function state(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => ({
    fallbacks: ['fallback-one', 'fallback-two'].filter((id) => document.getElementById(id)),
    contents: ['one', 'two'].filter((id) => document.getElementById(id)),
    own: document.documentElement.dataset.own ?? null,
    injected: document.documentElement.dataset.injected ?? null,
    color: getComputedStyle(document.getElementById('top')!).color,
  }));
}

describe('a streamed page under a nonce CSP in Chromium', () => {
  it('a prerendered page runs its inline script and style under its header hash policy, with no violation', async () => {
    const policy = (await fetch(running.site.url + '/static')).headers.get('content-security-policy');
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='/);
    expect(policy).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]{43}='/);
    const page = await running.browser.newPage();
    try {
      const violations = await open(page, '/static');
      expect(violations).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.dataset.static)).toBe('ran');
      expect(await page.evaluate(() => getComputedStyle(document.getElementById('s')!).color)).toBe('rgb(4, 5, 6)');
      // The policy is in force, not merely sent: an inline script whose hash it does not list is refused.
      const refused = page.waitForEvent('console', { predicate: (m) => /Content Security Policy/i.test(m.text()), timeout: 20_000 });
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'document.documentElement.dataset.injected = "ran";';
        document.body.appendChild(script);
      });
      expect((await refused).text()).toMatch(/inline script/i);
      expect(await page.evaluate(() => document.documentElement.dataset.injected ?? null)).toBeNull();
    } finally {
      await page.close();
    }
  });

  it("the prerendered page's header carries frame-ancestors, which a <meta> cannot: another page cannot frame it", async () => {
    const page = await running.browser.newPage();
    try {
      const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 20_000 });
      await page.setContent(`<iframe src="${running.site.url}/static"></iframe>`);
      expect((await refused).text()).toMatch(/^Framing '.*' violates the following Content Security Policy directive: "frame-ancestors 'none'"/);
    } finally {
      await page.close();
    }
  });

  it('swaps both Suspense boundaries with no CSP violation, runs the page script and blocks the injected one', async () => {
    const page = await running.browser.newPage();
    try {
      const violations = await open(page, '/stream');
      await page.waitForSelector('#two');
      expect(await state(page)).toEqual({ fallbacks: [], contents: ['one', 'two'], own: 'ran', injected: null, color: 'rgb(1, 2, 3)' });
      // The only violation is the injected script's.
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatch(/inline script/i);
    } finally {
      await page.close();
    }
  });

  it('with a header naming another nonce, the fallbacks stay and every script is reported', async () => {
    const page = await running.browser.newPage();
    try {
      const violations = await open(page, '/wrong-nonce');
      expect(await state(page)).toMatchObject({ fallbacks: ['fallback-one', 'fallback-two'], contents: [], own: null, injected: null });
      // Two swap scripts, the page's own script and the injected one.
      expect(violations.length).toBeGreaterThanOrEqual(4);
    } finally {
      await page.close();
    }
  });
});

/**
 * Actions in Chromium, served by workerd. With JavaScript disabled: the visitor fills the form and
 * submits; the page shows the handler's data after a post/redirect/get, so a reload is a GET that
 * submits nothing again; invalid input comes back with the message and the typed values. With
 * JavaScript: a client island calls the action through its stub and shows the typed result, and
 * no handler code is in what the browser downloads.
 */
import { describe, expect, it } from 'vitest';
import { browserSite } from '../helpers/browser-site.ts';

const running = browserSite('actions');

describe('a form action without JavaScript', () => {
  it('submits, shows the result, and a reload does not post again', async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST') posts.push(request.url());
      });
      await page.goto(running.site.url + '/subscribe');
      await page.fill('input[name=name]', 'Ada');
      await page.fill('input[name=email]', 'ada@example.com');
      await Promise.all([page.waitForURL(running.site.url + '/subscribe'), page.click('text=Subscribe')]);
      expect(await page.textContent('#done')).toMatch(/^Subscribed Ada <ada@example\.com> \(#\d+\)$/);
      expect(posts).toEqual([running.site.url + '/subscribe?_action=subscribe']);

      const reloaded = await page.reload();
      expect(reloaded?.request().method()).toBe('GET');
      expect(posts).toHaveLength(1);
      expect(await page.locator('#done').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('invalid input comes back with 400, the field message and the values typed', async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(running.site.url + '/subscribe');
      await page.fill('input[name=name]', 'Grace');
      await page.fill('input[name=email]', 'grace-at-example');
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('text=Subscribe')]);
      expect(response.status()).toBe(400);
      await page.waitForSelector('#email-error');
      expect(await page.textContent('#email-error')).toBe('Enter a valid email address');
      expect(await page.inputValue('input[name=email]')).toBe('grace-at-example');
      expect(await page.inputValue('input[name=name]')).toBe('Grace');
    } finally {
      await context.close();
    }
  });
});

describe('an island calling an action', () => {
  it('shows the typed result and the field error, and the browser gets stubs, not the handlers', async () => {
    const context = await running.browser.newContext();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const scripts: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // Chromium logs the action's 400 answer as a failed resource: that one is expected.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('status of 400')) errors.push(message.text());
      });
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/_edgepress/')) scripts.push(request.url());
      });
      await page.goto(running.site.url + '/greet');
      await page.waitForSelector('edgepress-island[data-h]', { state: 'attached' });
      await page.fill('#greet-name', 'Lin');
      await page.click('#greet');
      await page.waitForFunction(() => document.getElementById('greeting')?.textContent !== '');
      expect(await page.textContent('#greeting')).toBe('Hello, Lin from ada');
      await page.fill('#greet-name', '');
      await page.click('#greet');
      await page.waitForFunction(() => document.getElementById('greeting')?.textContent?.startsWith('BAD_REQUEST'));
      expect(await page.textContent('#greeting')).toBe('BAD_REQUEST: Say who');
      expect(errors).toEqual([]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const url of scripts) {
        const code = await (await fetch(url)).text();
        expect(code, url).not.toContain('must stay on the server');
        expect(code, url).not.toContain('Subscribed');
      }
    } finally {
      await context.close();
    }
  });
});

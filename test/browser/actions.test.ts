/**
 * A form action in Chromium with JavaScript disabled, served by workerd: the visitor fills the
 * form and submits; the page shows the handler's data after a post/redirect/get, so a reload is a
 * GET that submits nothing again; invalid input comes back with the message and the typed values.
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

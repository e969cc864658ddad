/** The browser tests find a Chromium on a machine without one: the npm package's, unpacked offline. */
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { chooseChromium } from '../helpers/chromium.ts';

describe('the Chromium the browser tests drive', () => {
  it('is the npm one when the machine has no system Chromium, and it runs a page under playwright-core', async () => {
    const choice = await chooseChromium({}, '/nonexistent/chromium');
    expect(choice.source).toBe('npm');
    const browser = await chromium.launch({ executablePath: choice.executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="p">static</p><script>document.getElementById("p").textContent = "ran " + (6 * 7)</script>');
      expect(await page.textContent('#p')).toBe('ran 42');
    } finally {
      await browser.close();
    }
  });

  it('prefers CHROMIUM_PATH, then the system one, and EDGEPRESS_TEST_CHROMIUM=npm overrides both', async () => {
    expect(await chooseChromium({ CHROMIUM_PATH: process.execPath }, '/nonexistent/chromium')).toEqual({ executablePath: process.execPath, source: 'CHROMIUM_PATH' });
    expect(await chooseChromium({}, process.execPath)).toEqual({ executablePath: process.execPath, source: 'system' });
    expect((await chooseChromium({ EDGEPRESS_TEST_CHROMIUM: 'npm', CHROMIUM_PATH: process.execPath }, process.execPath)).source).toBe('npm');
    await expect(chooseChromium({ EDGEPRESS_TEST_CHROMIUM: 'system' }, '/nonexistent/chromium')).rejects.toThrow(/apt-get install -y chromium/);
    await expect(chooseChromium({ EDGEPRESS_TEST_CHROMIUM: 'firefox' })).rejects.toThrow(/use "npm"/);
  });
});

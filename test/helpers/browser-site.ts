/** One fixture site per browser test file: built, run in workerd and opened in Chromium; all stopped in afterAll. */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { build, makeSite, removeSite } from './site.ts';
import { startWorkerd, type RunningSite } from './workerd.ts';

export interface BrowserSite {
  browser: Browser;
  site: RunningSite;
}

/** Registers the hooks for `fixture` (built by `buildIt`, default a plain build); the object is filled before the first test. */
export function browserSite(fixture: string, buildIt: (root: string) => Promise<unknown> = build): BrowserSite {
  process.env.WRANGLER_SEND_METRICS = 'false';
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';
  const state = {} as BrowserSite;
  let root: string | undefined;
  beforeAll(async () => {
    root = makeSite(fixture);
    await buildIt(root);
    state.site = await startWorkerd(root);
    state.browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.site?.dispose();
    if (root) removeSite(root);
  });
  return state;
}

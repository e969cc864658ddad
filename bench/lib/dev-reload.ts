/**
 * Edit to changed page in `edgepress dev`, as a person sees it: a copy of a site is served by
 * the real CLI, Chromium keeps the page open, a page's file is saved, and the time runs from the
 * write until the open page (reloaded by the dev server) shows the edit.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../src/cli/free-port.ts';
import { launchBrowser } from '../../test/helpers/browser.ts';

export interface ReloadResult {
  site: string;
  /** Per edit, ms from the write to the open page showing it. */
  edits: number[];
  median: number;
  p90: number;
}

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Serves a copy of `siteRoot` with `edgepress dev` and edits `page` `count` times: its `heading` text (inside `<h1>`) gets a number. */
export async function measureDevReload(options: { repo: string; tmp: string; siteRoot: string; name: string; page: string; path: string; heading: string; count: number }): Promise<ReloadResult> {
  const root = mkdtempSync(join(options.tmp, '.dev-reload-'));
  for (const item of ['routes', 'islands', 'actions.ts', 'worker.ts', 'public', 'edgepress.config.ts', 'wrangler.toml', 'wrangler.jsonc', 'seed']) {
    if (existsSync(join(options.siteRoot, item))) cpSync(join(options.siteRoot, item), join(root, item), { recursive: true });
  }
  const port = await freePort();
  const dev = spawn(process.execPath, [join(options.repo, 'bin/edgepress.js'), 'dev', '--root', root, '--port', String(port)], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout!.on('data', (d: Buffer) => (output += d));
  dev.stderr!.on('data', (d: Buffer) => (output += d));
  const origin = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();
  try {
    for (let i = 0; i < 900 && !/edgepress dev: http/.test(output); i++) await new Promise((r) => setTimeout(r, 100));
    if (!/edgepress dev: http/.test(output)) throw new Error(`edgepress dev did not start (exit ${dev.exitCode}):\n${output}`);
    const page = await browser.newPage();
    // The page notes when its <h1> first appears (wall clock, as the save's): the locator's polling adds nothing.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const h1 = document.querySelector('h1');
        if (!h1) return;
        (window as unknown as { __h1: { text: string; at: number } }).__h1 = { text: h1.textContent ?? '', at: Date.now() };
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    // The reload script's event stream: the page is listening once it has asked for it.
    const listening = page.waitForRequest((request) => request.url().includes('/__edgepress/events'));
    await page.goto(origin + options.path);
    await listening;
    await new Promise((r) => setTimeout(r, 300));

    const file = join(root, options.page);
    const original = readFileSync(file, 'utf8');
    const edits: number[] = [];
    for (let n = 1; n <= options.count; n++) {
      const text = `${options.heading} ${n}`;
      const started = Date.now();
      writeFileSync(file, original.replace(`<h1>${options.heading}</h1>`, `<h1>${text}</h1>`));
      // Survives the reload: the locator is looked up again in the new document.
      await page.locator('h1', { hasText: text }).waitFor({ timeout: 30_000 });
      const shown = await page.evaluate(() => (window as unknown as { __h1?: { text: string; at: number } }).__h1);
      if (!shown?.text.includes(text)) throw new Error(`the page noted ${JSON.stringify(shown)}, not ${text}`);
      edits.push(shown.at - started);
      // DEV_RELOAD_LOG=1: when the reload started, the request left, the answer came and the <h1> showed (ms after the save).
      if (process.env.DEV_RELOAD_LOG) {
        const [origin, request, response, end] = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return [performance.timeOrigin, nav.requestStart, nav.responseStart, nav.responseEnd];
        });
        const at = (ms: number): number => Math.round(origin! + ms - started);
        console.error(`edit ${n}: reload +${Math.round(origin! - started)}, request +${at(request!)}, answer +${at(response!)}, answer ends +${at(end!)}, <h1> +${shown.at - started} ms`);
      }
      await page.waitForLoadState('load');
      // Give the new page's event stream time to connect before the next save.
      await new Promise((r) => setTimeout(r, 400));
    }
    // The dev server's own lines (rebuilt in, loaded in, new code served after the change).
    if (process.env.DEV_RELOAD_LOG) console.error(output);
    return { site: options.name, edits, median: quantile(edits, 0.5), p90: quantile(edits, 0.9) };
  } finally {
    await browser.close();
    try {
      process.kill(-dev.pid!, 'SIGTERM');
    } catch {
      // Gone.
    }
    if (dev.exitCode === null && dev.signalCode === null) await new Promise((resolve) => dev.once('exit', resolve));
    rmSync(root, { recursive: true, force: true });
  }
}

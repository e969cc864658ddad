/**
 * `edgepress dev` as a person uses it, in Chromium: pages render per request, streams paint,
 * edits reload the open page, stylesheets swap in place, errors show where they are in the
 * site's own files, and a broken file breaks only itself until a fix saved by rename.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivals, launchBrowser, PAINT_PAGE, watchArrivals } from '../helpers/browser.ts';
import { makeSite, removeSite } from '../helpers/site.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';

const HOME = (version: string): string =>
  `export default () => <html><head><title>Home</title><link rel="stylesheet" href="/style.css" /></head><body><h1 id="title">Home ${version}</h1></body></html>;\n`;

let root: string;
let origin: string;
let dev: DevServer;
let browser: Browser;

/** Saves a file the way editors and `git checkout` do: a new file renamed over the old one. */
function saveAtomically(path: string, content: string): void {
  writeFileSync(`${join(root, path)}.tmp`, content);
  renameSync(`${join(root, path)}.tmp`, join(root, path));
}

beforeAll(async () => {
  root = makeSite(null, {
    'routes/index.tsx': HOME('v1'),
    'routes/other.tsx': 'export default () => <html><body><h1 id="title">Other</h1></body></html>;\n',
    'routes/paint.tsx': PAINT_PAGE(400),
    'routes/throws.tsx': "function lookup(): string {\n  // a prerendered page that fails\n  throw new Error('no such product');\n}\nexport default () => <p>{lookup()}</p>;\n",
    'routes/blog/[slug].tsx':
      "export const getStaticPaths = () => [{ params: { slug: 'listed' }, props: { title: 'Listed post' } }];\nexport default ({ props }: { props: { title: string } }) => <h1>{props.title}</h1>;\n",
    'public/style.css': 'h1 { color: rgb(0, 0, 255); }\n',
    'routes/secret.ts': 'export const prerender = false;\nexport const GET = ({ env }: { env: { SECRET?: string } }) => new Response(env.SECRET ?? "none");\n',
    '.dev.vars': 'SECRET=first\n',
  });
  dev = await startDevServer(root);
  origin = dev.origin;
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
  if (root) removeSite(root);
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(origin + path);
  return page;
}

describe('edgepress dev', () => {
  it('renders prerendered routes per request, for the paths getStaticPaths lists', async () => {
    const listed = await fetch(`${origin}/blog/listed`);
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain('<h1>Listed post</h1>');
    expect((await fetch(`${origin}/blog/unlisted`)).status).toBe(404);
  });

  it('streams: the heading paints before the slowest section, and the Suspense fallback is replaced', async () => {
    const page = await browser.newPage();
    await watchArrivals(page);
    await page.goto(`${origin}/paint`);
    await page.waitForSelector('#resolved');
    const seen = await arrivals(page);
    console.log(`dev: heading at ${seen.headingAt?.toFixed(0)} ms, slowest section at ${seen.slowestAt?.toFixed(0)} ms`);
    expect(seen.headingBeforeSlowest, JSON.stringify(seen)).toBe(true);
    expect(seen.fallbackSeen).toBe(true);
    expect(await page.locator('#fallback').count()).toBe(0);
    await page.close();
  });

  it('reloads an open page after an edit', async () => {
    const page = await open('/');
    expect(await page.locator('#title').textContent()).toBe('Home v1');
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    saveAtomically('routes/index.tsx', HOME('v2'));
    await reloaded;
    expect(await page.locator('#title').textContent()).toBe('Home v2');
    await page.close();
  });

  it('swaps a changed stylesheet without reloading the page', async () => {
    const page = await open('/');
    const color = (): Promise<string> => page.locator('#title').evaluate((el) => getComputedStyle(el).color);
    expect(await color()).toBe('rgb(0, 0, 255)');
    await page.evaluate(() => ((window as unknown as { kept: number }).kept = 42));
    writeFileSync(join(root, 'public/style.css'), 'h1 { color: rgb(255, 0, 0); }\n');
    await page.waitForFunction(() => getComputedStyle(document.getElementById('title')!).color === 'rgb(255, 0, 0)', undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { kept: number }).kept)).toBe(42);
    await page.close();
  });

  it('shows a thrown error at its line in the page file, with a code frame', async () => {
    const page = await open('/throws');
    await page.screenshot({ path: join(root, '..', 'dev-error-page.png'), fullPage: true });
    expect(await page.locator('h1').textContent()).toBe('Error: no such product');
    expect(await page.locator('.loc').first().textContent()).toBe('routes/throws.tsx:3:9');
    expect(await page.locator('pre.frame .hit').textContent()).toContain("throw new Error('no such product');");
    expect(dev.output()).toMatch(/edgepress: Error: no such product\n\s+while answering \/throws \(routes\/throws\.tsx\)\n\s+at routes\/throws\.tsx:3:9/);
    await page.close();
  });

  it('reads .dev.vars, and restarts the worker when it changes', async () => {
    expect(await (await fetch(`${origin}/secret`)).text()).toBe('first');
    writeFileSync(join(root, '.dev.vars'), 'SECRET=second\n');
    let value = '';
    for (let i = 0; i < 300 && value !== 'second'; i++) {
      value = await fetch(`${origin}/secret`).then((r) => r.text(), () => '');
      if (value !== 'second') await new Promise((r) => setTimeout(r, 100));
    }
    expect(value).toBe('second');
  });

  it('shows a config error on every page with its hint, until it is fixed', async () => {
    const page = await open('/other');
    const broken = page.waitForEvent('load', { timeout: 30_000 });
    writeFileSync(join(root, 'edgepress.config.ts'), "export default { output: 'sometimes' };\n");
    await broken;
    expect(await page.locator('h1').textContent()).toMatch(/^BuildError: edgepress\.config\.ts: .*output/);
    expect(await page.locator('.hint').textContent()).toBe('Fix it and save: the dev server rebuilds and reloads the page.');
    expect((await fetch(`${origin}/`, { headers: { accept: 'text/html' } })).status).toBe(500);
    const fixed = page.waitForEvent('load', { timeout: 30_000 });
    writeFileSync(join(root, 'edgepress.config.ts'), "export default { output: 'static' };\n");
    await fixed;
    expect(await page.locator('#title').textContent()).toBe('Other');
    await page.close();
  });

  it('shows a syntax error in the open page, keeps the other pages working, and recovers after a fix saved by rename', async () => {
    const page = await open('/');
    const broken = page.waitForEvent('load', { timeout: 30_000 });
    saveAtomically('routes/index.tsx', 'export default () => <html><body><h1 id="title">Home</h1></body></html>;;\nconst = 1;\n');
    await broken;
    await page.waitForSelector('#edgepress-error');
    expect(await page.locator('.loc').first().textContent()).toMatch(/^routes\/index\.tsx:2:\d+$/);
    expect(await page.locator('pre.frame .hit').textContent()).toContain('const = 1;');
    const other = await fetch(`${origin}/other`);
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('Other');

    const fixed = page.waitForEvent('load', { timeout: 30_000 });
    saveAtomically('routes/index.tsx', HOME('v3'));
    await fixed;
    expect(await page.locator('#title').textContent()).toBe('Home v3');
    await page.close();
  });
});

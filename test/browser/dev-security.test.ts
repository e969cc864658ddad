/**
 * Sessions, the origin check and the CSP in `edgepress dev` (workerd through wrangler dev): the
 * security fixture plus a counter kept in the session. The reload script the dev server injects
 * carries the page's nonce, so live reload works under the policy.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { makeSite, removeSite } from '../helpers/site.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';

let root: string;
let origin: string;
let dev: DevServer;
let browser: Browser;

beforeAll(async () => {
  root = makeSite('security', {
    'routes/visits.ts': "export const GET = async ({ session }) => {\n  const n = ((await session.get('n')) ?? 0) + 1;\n  session.set('n', n);\n  return new Response(String(n));\n};\n",
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

describe('edgepress dev with sessions and security', () => {
  it('keeps a session between requests with the cookie alone (memory driver)', async () => {
    const first = await fetch(`${origin}/visits`);
    expect(await first.text()).toBe('1');
    const cookie = first.headers.getSetCookie()[0]!.split(';', 1)[0]!;
    expect(cookie).toMatch(/^edgepress-session=/);
    expect(await (await fetch(`${origin}/visits`, { headers: { cookie } })).text()).toBe('2');
  });

  // The next test's requests go through the same wrangler proxy: a refused body left unread made them hang.
  it('refuses a cross-origin form POST', async () => {
    const res = await fetch(`${origin}/form`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(res.status).toBe(403);
  });

  it('gives the reload script the nonce of the header; the Suspense swaps run and only the injected script is blocked', async () => {
    const res = await fetch(`${origin}/stream`);
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonce).toBeTruthy();
    // The src names the build that served the page (?g=N).
    expect(await res.text()).toContain(`<script nonce="${nonce}" type="module" src="/__edgepress/client.js?g=`);

    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const client = page.waitForResponse((r) => new URL(r.url()).pathname === '/__edgepress/client.js');
    await page.goto(`${origin}/stream`, { waitUntil: 'load' });
    expect((await client).status()).toBe(200);
    await page.waitForSelector('#two');
    expect(await page.locator('#fallback-one, #fallback-two').count()).toBe(0);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/inline script/i);
    await page.close();
  });
});

/** Server islands under `edgepress dev` (wrangler dev): a prerendered page's island renders per visitor there too. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './helpers/dev-server.ts';
import { makeSite, removeSite } from './helpers/site.ts';

let root: string;
let dev: DevServer;
beforeAll(async () => {
  root = makeSite('islands');
  dev = await startDevServer(root);
}, 90_000);
afterAll(async () => {
  await dev?.stop();
  if (root) removeSite(root);
});

describe('islands in edgepress dev', () => {
  it('the page holds the fallback, and its island URL answers the visitor’s HTML', async () => {
    const page = await (await fetch(dev.origin + '/')).text();
    const [, path, p] = /<template data-island="([^"]+)" data-p="([^"]+)"><\/template><p id="card-fallback">/.exec(page) ?? [];
    expect(path).toMatch(/^\/_islands\/deferredcard-[0-9a-f]{8}$/);
    const res = await fetch(`${dev.origin}${path}?u=%2Fdev&p=${p}`, { headers: { cookie: 'visitor=dee' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(await res.text()).toBe('<section id="card">Hello, <b id="visitor">dee</b> on <i id="page">/dev</i> (member since 2020, middleware)</section>');
  });
});

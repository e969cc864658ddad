/** Server islands under `edgepress dev`: a prerendered page's island renders per visitor there too. */
import { describe, expect, it } from 'vitest';
import { devSite } from './helpers/dev-server.ts';
import { makeSite } from './helpers/site.ts';

const site = devSite(() => makeSite('islands'));

describe('islands in edgepress dev', () => {
  it('the page holds the fallback, and its island URL answers the visitor’s HTML', async () => {
    const page = await (await fetch(site.dev.origin + '/')).text();
    const [, path, p] = /<template data-island="([^"]+)" data-p="([^"]+)"><\/template><p id="card-fallback">/.exec(page) ?? [];
    expect(path).toMatch(/^\/_islands\/deferredcard-[0-9a-f]{8}$/);
    const res = await fetch(`${site.dev.origin}${path}?u=%2Fdev&p=${p}`, { headers: { cookie: 'visitor=dee' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(await res.text()).toBe('<section id="card">Hello, <b id="visitor">dee</b> on <i id="page">/dev</i> (member since 2020, middleware)</section>');
  });
});

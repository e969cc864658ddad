import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSite } from './helpers/site.ts';
import { workerdSite } from './helpers/workerd-site.ts';

describe('a built site in workerd', () => {
  const built = workerdSite(() => makeSite('basic'));

  it('serves the prerendered home page', async () => {
    const res = await built.site.fetch('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe('<!doctype html><html><head><title>Home</title></head><body><h1>Home</h1></body></html>');
  });

  it('serves a static page with and without a trailing slash', async () => {
    for (const path of ['/about', '/about/']) {
      const res = await built.site.fetch(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<h1>About</h1>');
    }
  });

  it('renders an on-demand page per request', async () => {
    const res = await built.site.fetch('/hello?name=%3Cb%3E');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Hello &lt;b&gt;</h1>');
  });

  it('answers endpoints by method', async () => {
    expect(await (await built.site.fetch('/api/echo?q=1')).json()).toEqual({ q: '1' });
    const posted = await built.site.fetch('/api/echo', { method: 'POST', body: 'ping', headers: { origin: built.site.url } });
    expect(await posted.text()).toBe('ping');
  });

  it('serves a prerendered endpoint as a file', async () => {
    const res = await built.site.fetch('/feed.xml');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<rss');
    expect(existsSync(join(built.root, 'dist/client/feed.xml'))).toBe(true);
  });

  it('prerenders each getStaticPaths entry with its props', async () => {
    const res = await built.site.fetch('/blog/second');
    expect(await res.text()).toContain('<h1>Second post</h1><p>slug=second</p>');
  });

  it('serves files and pages whose names need percent-encoding', async () => {
    expect(await (await built.site.fetch('/my%20file.txt')).text()).toBe('spaced\n');
    expect(await (await built.site.fetch('/caf%C3%A9')).text()).toBe('<p>café</p>');
    expect(await (await built.site.fetch('/blog/na%C3%AFve%20post')).text()).toContain('<h1>Naïve</h1>');
    expect(existsSync(join(built.root, 'dist/client/blog/naïve post/index.html'))).toBe(true);
  });

  it('copies public/ verbatim', async () => {
    const res = await built.site.fetch('/robots.txt');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('hello from public\n');
  });

  it('answers a missing path with the custom 404 page and status 404', async () => {
    for (const path of ['/nope', '/blog/third', '/deeply/nested/missing']) {
      const res = await built.site.fetch(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Custom 404');
    }
  });

  it('ships only on-demand routes in the server bundle', () => {
    const bundle = readFileSync(join(built.root, 'dist/server/index.js'), 'utf8');
    expect(bundle).toContain('Hello');
    expect(bundle).not.toContain('STATIC_MARKER_7f3a');
    expect(bundle).not.toContain('Second post');
  });

  it('prints a summary with every route, its mode, pages and bundle size', () => {
    expect(built.result.summary).toMatch(/static\s+page\s+\/about/);
    expect(built.result.summary).toMatch(/on demand\s+page\s+\/hello/);
    expect(built.result.summary).toMatch(/on demand\s+endpoint\s+\/api\/echo/);
    expect(built.result.summary).toMatch(/pages written: 8/);
    expect(built.result.summary).toMatch(/server bundle: [\d.]+ KB raw, [\d.]+ KB gzip/);
  });
});

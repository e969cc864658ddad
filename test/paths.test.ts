import { describe, expect, it } from 'vitest';
import { makeSite } from './helpers/site.ts';
import { workerdSite } from './helpers/workerd-site.ts';
import { trailingSlashTarget, safePath } from '../src/runtime/paths.ts';

const files = (config: string) => ({
  'edgepress.config.ts': `export default ${config};\n`,
  'routes/index.tsx': 'export default () => <p>home</p>;\n',
  'routes/about.tsx': 'export default () => <p>about</p>;\n',
  'routes/hello.tsx': 'export const prerender = false;\nexport default ({ url }) => <p>hello {url.pathname}</p>;\n',
  'routes/[...rest].tsx': 'export const prerender = false;\nexport default ({ params }) => <p>rest {String(params.rest)}</p>;\n',
  'routes/feed.xml.ts': 'export const GET = () => new Response("<rss/>");\n',
  'public/robots.txt': 'robots\n',
});

function siteWith(config: string) {
  const built = workerdSite(() => makeSite(null, files(config)));
  return (path: string, init?: RequestInit) => built.site.fetch(path, init);
}

describe("trailingSlash: 'always'", () => {
  const get = siteWith("{ trailingSlash: 'always' }");

  it('serves pages at their slash URL and redirects the other form', async () => {
    expect(await (await get('/about/')).text()).toBe('<p>about</p>');
    expect(await (await get('/hello/')).text()).toBe('<p>hello /hello/</p>');
    const redirect = await get('/hello?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/hello/?x=1');
    const post = await get('/hello', { method: 'POST' });
    expect(post.status).toBe(308);
    const statik = await get('/about');
    expect([301, 307, 308]).toContain(statik.status);
    expect(statik.headers.get('location')).toMatch(/^(http:\/\/[^/]+)?\/about\/$/);
  });

  it('leaves files alone', async () => {
    expect((await get('/feed.xml')).status).toBe(200);
    expect((await get('/robots.txt')).status).toBe(200);
  });
});

describe("trailingSlash: 'never'", () => {
  const get = siteWith("{ trailingSlash: 'never' }");

  it('serves pages without the slash and redirects the other form', async () => {
    expect(await (await get('/about')).text()).toBe('<p>about</p>');
    expect(await (await get('/hello')).text()).toBe('<p>hello /hello</p>');
    const redirect = await get('/hello/');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/hello');
  });

  it('never redirects to another origin', async () => {
    for (const path of ['//evil.com/', '/\\evil.com/', '//evil.com//', '/%2F%2Fevil.com/']) {
      const res = await get(path);
      const location = res.headers.get('location');
      if (location !== null) {
        expect(location, path).toMatch(/^\/[^/\\]/);
      }
    }
  });
});

describe("trailingSlash: 'ignore'", () => {
  const get = siteWith('{}');

  it('serves both forms without a redirect', async () => {
    for (const path of ['/about', '/about/', '/hello', '/hello/']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
    }
    expect(await (await get('/')).text()).toBe('<p>home</p>');
  });
});

describe('base', () => {
  const get = siteWith("{ base: '/docs' }");

  it('puts every route and asset under the base', async () => {
    expect(await (await get('/docs/about')).text()).toBe('<p>about</p>');
    expect(await (await get('/docs')).text()).toBe('<p>home</p>');
    expect(await (await get('/docs/')).text()).toBe('<p>home</p>');
    expect(await (await get('/docs/hello')).text()).toBe('<p>hello /docs/hello</p>');
    expect(await (await get('/docs/robots.txt')).text()).toBe('robots\n');
    expect(await (await get('/docs/a/b')).text()).toBe('<p>rest a/b</p>');
  });

  it('answers 404 outside the base', async () => {
    expect((await get('/about')).status).toBe(404);
    expect((await get('/robots.txt')).status).toBe(404);
  });
});

describe('redirect targets', () => {
  it('are always same-origin paths', () => {
    expect(trailingSlashTarget('//evil', 'always')).toBe('/evil/');
    expect(trailingSlashTarget('//evil.com', 'always')).toBeUndefined();
    expect(trailingSlashTarget('/\\evil.com/', 'never')).toBe('/evil.com');
    expect(trailingSlashTarget('///a//', 'never')).toBe('/a');
    expect(safePath('\\\\x')).toBe('/x');
  });
});

import { describe, expect, it } from 'vitest';
import { makeSite } from './helpers/site.ts';
import fc from 'fast-check';
import { rawRequest, timedGet } from './helpers/raw-http.ts';
import { ADVERSARIAL_PATH, isRedirect, sameOrigin } from './helpers/hostile-paths.ts';
import { check } from './helpers/property.ts';
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
  const get = (path: string, init?: RequestInit) => built.site.fetch(path, init);
  return Object.assign(get, { origin: () => built.site.url });
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
    // Over a raw socket: fetch() would rewrite '/\\evil.com/' to '//evil.com/' before sending it.
    const cases: Array<[string, string]> = [
      ['//evil.com/', '/evil.com'],
      ['/\\evil.com/', '/evil.com'],
      ['//evil.com//', '/evil.com'],
      ['/\\/evil.com/', '/evil.com'],
      ['/%2F%2Fevil.com/', '/%2F%2Fevil.com'],
    ];
    for (const [path, target] of cases) {
      const res = await timedGet(get.origin(), path);
      expect(res.status, path).toBe(301);
      expect(/^location: (.*)$/im.exec(res.headers)?.[1], path).toBe(target);
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

describe.each([
  {
    rule: 'always',
    served: [['/docs/', '<p>home</p>'], ['/docs/about/', '<p>about</p>'], ['/docs/hello/', '<p>hello /docs/hello/</p>'], ['/docs/a/b/', '<p>rest a/b</p>']],
    redirected: [['/docs', '/docs/'], ['/docs/about', '/docs/about/'], ['/docs/hello?x=1', '/docs/hello/?x=1'], ['/docs/a/b', '/docs/a/b/']],
    outside: '/about/',
  },
  {
    rule: 'never',
    served: [['/docs', '<p>home</p>'], ['/docs/about', '<p>about</p>'], ['/docs/hello', '<p>hello /docs/hello</p>'], ['/docs/a/b', '<p>rest a/b</p>']],
    redirected: [['/docs/', '/docs'], ['/docs/about/', '/docs/about'], ['/docs/hello/?x=1', '/docs/hello?x=1'], ['/docs/a/b/', '/docs/a/b']],
    outside: '/about',
  },
])("base with trailingSlash: '$rule'", ({ rule, served, redirected, outside }) => {
  const get = siteWith(`{ base: '/docs', trailingSlash: '${rule}' }`);

  it('serves the canonical form under the base and redirects the other', async () => {
    for (const [path, body] of served) {
      const res = await get(path!);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(body);
    }
    for (const [path, target] of redirected) {
      const res = await get(path!);
      await res.arrayBuffer();
      expect([301, 307, 308], path).toContain(res.status);
      const location = new URL(res.headers.get('location')!, 'http://x');
      expect(location.pathname + location.search, path).toBe(target);
    }
    expect((await get('/docs/feed.xml')).status).toBe(200);
    expect((await get(outside)).status).toBe(404);
  });

  it('never redirects off the site, whatever raw path follows the base (fast-check)', async () => {
    const origin = get.origin();
    await check(
      fc.asyncProperty(ADVERSARIAL_PATH, fc.constantFrom('/docs', '/docs/', '/docs//', '/docs\\', ''), async (path, prefix) => {
        const res = await rawRequest(origin, `GET ${prefix}${path} HTTP/1.1\r\nHost: ${new URL(origin).host}`);
        expect(res.status, prefix + path).toBeLessThan(500);
        if (isRedirect(res.status)) expect(sameOrigin(res.header('location'), origin), `${prefix}${path} -> ${res.header('location')}`).toBe(true);
      }),
      120,
    );
  });
});

describe.each([
  ['always', '/docs/', '/docs'],
  ['never', '/docs', '/docs/'],
])("an on-demand root under a base, trailingSlash: '%s'", (rule, canonical, other) => {
  // Nothing prerendered answers the root, so the handler (not the platform's asset layer) decides.
  const built = workerdSite(() =>
    makeSite(null, {
      'edgepress.config.ts': `export default { base: '/docs', trailingSlash: '${rule}', output: 'server' };\n`,
      'routes/index.tsx': 'export default ({ url }) => <p>root {url.pathname}</p>;\n',
    }),
  );

  it('answers the canonical form and redirects the other to it', async () => {
    const res = await built.site.fetch(canonical);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`<p>root ${canonical}</p>`);
    const redirect = await built.site.fetch(other + '?q=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(canonical + '?q=1');
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

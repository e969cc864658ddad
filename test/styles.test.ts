/**
 * Styles and assets (issue 27), built and served in workerd (Workers Static Assets) and node:
 * each page links exactly the stylesheets its module graph imports, in import order; shared CSS
 * is one file; a CSS Module's class is the same in the HTML and in its stylesheet; imported
 * assets (JS `import`, CSS `url()`) are hashed and served immutable with their content type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureSite, type Runtime } from './helpers/runtimes.ts';
import { build, makeSite, removeSite, REPO } from './helpers/site.ts';

const FIXTURE = join(REPO, 'test/fixtures/styles/routes');

/** The hrefs of a page's stylesheet links, in document order. */
const links = (html: string): string[] => [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]!);
const name = (url: string): string => url.replace(/^\/_assets\//, '').replace(/\.[A-Z0-9]{8}\.css$/, '');

for (const runtime of ['workerd', 'node'] as Runtime[]) {
  describe(`styles and assets in ${runtime}`, () => {
    const site = fixtureSite('styles', runtime);
    const get = (path: string): Promise<Response> => fetch(site.origin + path);
    const page = async (path: string): Promise<string> => {
      const res = await get(path);
      expect(res.status).toBe(200);
      return res.text();
    };

    it('links each stylesheet the page graph imports, in import order, in the <head> (prerendered page)', async () => {
      const html = await page('/');
      expect(links(html).map(name)).toEqual(['layout', 'button.module', 'home']);
      // In the head, after what the page wrote there.
      expect(html).toMatch(/<title>Home<\/title>(<link rel="stylesheet" href="[^"]+">){3}<\/head>/);
    });

    it('links them on an on-demand page too', async () => {
      const html = await page('/live');
      expect(links(html).map(name)).toEqual(['layout', 'button.module', 'live']);
    });

    it('gives pages that share a layout the same stylesheet file', async () => {
      const [home, about, live] = await Promise.all([page('/'), page('/about'), page('/live')]);
      expect(links(about)).toEqual([links(home)[0]]);
      expect(links(live)[0]).toBe(links(home)[0]);
      expect(links(live)[1]).toBe(links(home)[1]);
    });

    it('links nothing on a page that imports no stylesheet', async () => {
      expect(await page('/plain')).not.toContain('<link');
    });

    it('serves the stylesheets hashed, minified, immutable, with @import bundled and url() hashed', async () => {
      const [layout] = links(await page('/about'));
      const res = await get(layout!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/css/);
      expect(res.headers.get('cache-control')).toContain('immutable');
      const css = await res.text();
      expect(css).toContain('html{margin:0}');
      expect(css).toContain('body{color:navy;');
      const font = /url\("(\/_assets\/site\.[A-Z0-9]{8}\.woff2)"\)/.exec(css)?.[1];
      expect(font).toBeDefined();
      const fontRes = await get(font!);
      expect(fontRes.status).toBe(200);
      expect(fontRes.headers.get('cache-control')).toContain('immutable');
      expect(await fontRes.text()).toBe('wOF2fakefontbytes');
    });

    it('scopes a CSS Module class by a hash, the same in the HTML and in the CSS', async () => {
      const html = await page('/');
      const scoped = /<button class="([^"]+)">Go<\/button>/.exec(html)?.[1];
      expect(scoped).toMatch(/^btn_[\w-]{6}$/);
      const css = await (await get(links(html)[1]!)).text();
      expect(css).toContain(`.${scoped}{`);
      // The on-demand page renders the same name.
      expect(await page('/live')).toContain(`<button class="${scoped}">Now</button>`);
    });

    it("serves an imported SVG at its hashed URL with its content type, immutable", async () => {
      const html = await page('/');
      const src = /<img id="logo" src="([^"]+)"/.exec(html)?.[1];
      expect(src).toMatch(/^\/_assets\/logo\.[A-Z0-9]{8}\.svg$/);
      const res = await get(src!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await res.text()).toBe(readFileSync(join(FIXTURE, '_styles/logo.svg'), 'utf8'));
    });

    it('gives the text of a ?raw import', async () => {
      expect(await page('/')).toContain('<pre id="note">Plain text, imported raw.\n</pre>');
    });
  });
}

describe('hashed outputs on the platforms that serve files themselves', () => {
  let root: string;
  afterAll(() => root && removeSite(root));

  it('vercel gets a header route, netlify and cloudflare a _headers rule: Cache-Control immutable for <base>_assets/', async () => {
    root = makeSite('styles');
    await build(root, { adapter: 'vercel' });
    const config = JSON.parse(readFileSync(join(root, '.vercel/output/config.json'), 'utf8')) as { routes: unknown[] };
    expect(config.routes[0]).toEqual({ src: '^/_assets/(.*)$', headers: { 'Cache-Control': 'public, max-age=31536000, immutable' }, continue: true });
    expect(config.routes[1]).toEqual({ handle: 'filesystem' });
    const rule = '/_assets/*\n  Cache-Control: public, max-age=31536000, immutable\n';
    await build(root, { adapter: 'netlify' });
    expect(readFileSync(join(root, 'dist/netlify/publish/_headers'), 'utf8')).toContain(rule);
    await build(root, { adapter: 'cloudflare' });
    expect(readFileSync(join(root, 'dist/client/_headers'), 'utf8')).toContain(rule);
  });
});

describe('builds: errors, client islands, base paths', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach(removeSite));
  const site = (files: Record<string, string>): string => {
    const root = makeSite(null, { 'edgepress.config.ts': "export default { adapter: 'node' };\n", ...files });
    roots.push(root);
    return root;
  };

  it('fails on a CSS syntax error, naming the file and the line', async () => {
    const root = site({ 'routes/index.tsx': "import './a.css';\nexport default () => <p>a</p>;\n", 'routes/a.css': 'p { color: red;\n\nh1 { color: blue }\n' });
    await expect(build(root)).rejects.toThrow(/^routes\/a\.css: 4:\d+: Expected "}" to go with "{" \(CSS syntax error\)/);
  });

  it('fails on a stylesheet import that does not resolve, naming the importer', async () => {
    const root = site({ 'routes/index.tsx': "import './missing.css';\nexport default () => <p>a</p>;\n" });
    await expect(build(root)).rejects.toThrow(/routes\/index\.tsx: 1:\d+: Could not resolve ".\/missing.css": no such file/);
  });

  it("links a client island's stylesheet into the pages that render it; its browser code has the same classes and URLs", async () => {
    const root = site({
      'islands/Badge.tsx':
        "import styles from './badge.module.css';\nimport star from './star.svg';\nexport default function Badge() {\n  return <b class={styles.badge}><img src={star} alt=\"\" /></b>;\n}\n",
      'islands/badge.module.css': '.badge { color: rgb(9, 9, 9) }\n',
      'islands/star.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'routes/index.tsx': "import Badge from '../islands/Badge';\nexport default () => <html><head><title>a</title></head><body><Badge client:load /></body></html>;\n",
    });
    await build(root);
    const html = readFileSync(join(root, 'dist/client/index.html'), 'utf8');
    const [href] = links(html);
    expect(href).toMatch(/^\/_assets\/badge\.module\.[A-Z0-9]{8}\.css$/);
    const scoped = /<b class="(badge_[\w-]+)">/.exec(html)![1]!;
    const svg = /<img src="(\/_assets\/star\.[A-Z0-9]{8}\.svg)"/.exec(html)![1]!;
    expect(readFileSync(join(root, 'dist/client', href!), 'utf8')).toContain(`.${scoped}{`);
    const client = readdirSync(join(root, 'dist/client/_edgepress'));
    expect(client.filter((file) => file.endsWith('.css'))).toEqual([]);
    const code = client.filter((file) => file.endsWith('.js')).map((file) => readFileSync(join(root, 'dist/client/_edgepress', file), 'utf8')).join('\n');
    expect(code).toContain(scoped);
    expect(code).toContain(svg);
  });

  it('links a stylesheet that a page of a base path imports under that base', async () => {
    const root = site({
      'edgepress.config.ts': "export default { adapter: 'node', base: '/docs' };\n",
      'routes/index.tsx': "import './a.css';\nimport logo from './_img/logo.svg';\nexport default () => <html><head><title>a</title></head><body><img src={logo} /></body></html>;\n",
      'routes/a.css': 'p { background: url(./_img/logo.svg) }\n',
      'routes/_img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    });
    await build(root);
    const html = readFileSync(join(root, 'dist/client/docs/index.html'), 'utf8');
    const href = links(html)[0]!;
    expect(href).toMatch(/^\/docs\/_assets\/a\.[A-Z0-9]{8}\.css$/);
    const svg = /<img src="([^"]+)"/.exec(html)![1]!;
    expect(svg).toMatch(/^\/docs\/_assets\/logo\.[A-Z0-9]{8}\.svg$/);
    expect(readFileSync(join(root, 'dist/client', href), 'utf8')).toContain(`url("${svg}")`);
  });
});

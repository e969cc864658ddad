/**
 * Prerendered pages' `security.csp` hash policy as response headers, per platform: Workers Static
 * Assets `_headers` (after the site's own rules, within its 100-rule limit, the rest as <meta>),
 * Netlify `_headers`, Vercel config routes, and the asset manifest for the pages each handler
 * serves itself. Checked in the files and over HTTP in workerd, Deno (Netlify), the Edge Runtime
 * (Vercel) and Node.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview } from '../src/cli/preview.ts';
import type { BuildResult } from '../src/build/build-site.ts';
import { countHeaderRules } from '../src/build/headers-file.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';
import { startWorkerd } from './helpers/workerd.ts';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

/** 1 home + 120 numbered pages: more than Workers Static Assets' 100 `_headers` rules can cover. */
const PAGES = 120;
const script = (n: string): string => `document.body.dataset.n = ${JSON.stringify(n)};`;
const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const policy = (n: string): string => `script-src 'self' ${sha(script(n))}; frame-ancestors 'none'`;

const files = (csp: string): Record<string, string> => ({
  'edgepress.config.ts': `import { defineConfig } from 'edgepress';\nexport default defineConfig({ security: { csp: ${csp} } });\n`,
  'routes/index.tsx': `export default () => <html><body><script dangerouslySetInnerHTML={{ __html: ${JSON.stringify(script('home'))} }} /></body></html>;\n`,
  'routes/p/[n].tsx': [
    `export const getStaticPaths = () => Array.from({ length: ${PAGES} }, (_, i) => ({ params: { n: String(i + 1).padStart(3, '0') } }));`,
    'export default ({ params }: { params: { n: string } }) => (',
    '  <html><body><p>page {params.n}</p><script dangerouslySetInnerHTML={{ __html: `document.body.dataset.n = ${JSON.stringify(params.n)};` }} /></body></html>',
    ');',
    '',
  ].join('\n'),
  'routes/live.tsx': `export const prerender = false;\nexport default () => <html><body><script dangerouslySetInnerHTML={{ __html: 'x()' }} /></body></html>;\n`,
  'public/hello.txt': 'hello\n',
  'public/_headers': '# the site\'s own rule\n/hello.txt\n  X-Site-Rule: kept\n',
});
const CSP = `{ directives: { 'script-src': ['self'], 'frame-ancestors': ['none'] } }`;

/** What each platform is given: Netlify `_headers`, Vercel routes, and for Node the asset manifest the bundle embeds. */
const PLATFORM_RULES: Record<'netlify' | 'vercel' | 'node', (root: string) => void> = {
  netlify(root) {
    // After the site's own rules, a rule per page file (the paths its CDN serves itself).
    const headers = readFileSync(join(root, 'dist/netlify/publish/_headers'), 'utf8');
    expect(headers.startsWith("# the site's own rule\n/hello.txt\n  X-Site-Rule: kept\n")).toBe(true);
    expect(countHeaderRules(headers)).toBe(1 + PAGES + 1);
    expect(headers).toContain(`/p/120/index.html\n  content-security-policy: ${policy('120')}\n`);
  },
  vercel(root) {
    // A header route per page over its URL forms, with continue, before the filesystem.
    const config = JSON.parse(readFileSync(join(root, '.vercel/output/config.json'), 'utf8')) as { routes: Array<Record<string, unknown>> };
    expect(config.routes[0]).toEqual({ src: '^(?:/index\\.html|/)$', headers: { 'content-security-policy': policy('home') }, continue: true });
    expect(config.routes).toContainEqual({ src: '^(?:/p/120/index\\.html|/p/120|/p/120/)$', headers: { 'content-security-policy': policy('120') }, continue: true });
    expect(config.routes.findIndex((r) => r.handle === 'filesystem')).toBe(PAGES + 1);
  },
  node(root) {
    const bundle = readFileSync(join(root, 'dist/server/index.js'), 'utf8');
    expect(bundle).toContain(policy('120'));
  },
};

describe('prerendered CSP as platform header rules', () => {
  let root: string;
  beforeAll(() => {
    root = makeSite(null, files(CSP));
  });
  afterAll(() => removeSite(root));

  describe('cloudflare: _headers after the site rules, 100 rules at most, the rest in <meta>', () => {
    let result: BuildResult;
    beforeAll(async () => {
      result = await build(root);
    }, 120_000);

    it('fills the rules the site left (99 of 100) and warns, naming how many pages fell back to <meta>', () => {
      const headers = readFileSync(join(root, 'dist/client/_headers'), 'utf8');
      expect(headers.startsWith("# the site's own rule\n/hello.txt\n  X-Site-Rule: kept\n")).toBe(true);
      expect(countHeaderRules(headers)).toBe(100);
      expect(headers).toContain(`/index.html\n  content-security-policy: ${policy('home')}\n`);
      expect(headers).toContain(`/p/001/index.html\n  content-security-policy: ${policy('001')}\n`);
      // 121 pages, 99 rules: 22 pages keep a <meta>, without the header-only directive.
      expect(result.warnings).toContainEqual(expect.stringMatching(/^security\.csp: the platform has no header rule left for 22 prerendered page\(s\) \(\/p\/099\/index\.html, .*\); they carry their policy in a <meta>, without frame-ancestors \(header only\)\.$/));
      const overflow = readFileSync(join(root, 'dist/client/p/120/index.html'), 'utf8');
      expect(overflow).toContain(`<meta http-equiv="Content-Security-Policy" content="script-src 'self' ${sha(script('120'))}">`);
      expect(readFileSync(join(root, 'dist/client/p/001/index.html'), 'utf8')).not.toContain('http-equiv');
    });

    it('in workerd: a page with a rule gets the header at each URL, an overflow page only its <meta>, the site rule still applies', async () => {
      const worker = await startWorkerd(root);
      try {
        for (const path of ['/', '/p/001', '/p/001/', '/p/001/index.html', '/p/098']) {
          const res = await worker.fetch(path);
          expect(res.status, path).toBe(200);
          expect(res.headers.get('content-security-policy'), path).toBe(policy(path === '/' ? 'home' : path.slice(3, 6)));
          expect(await res.text(), path).not.toContain('http-equiv');
        }
        const overflow = await worker.fetch('/p/120');
        expect(overflow.headers.get('content-security-policy')).toBeNull();
        expect(await overflow.text()).toContain('http-equiv="Content-Security-Policy"');
        expect((await worker.fetch('/hello.txt')).headers.get('x-site-rule')).toBe('kept');
        // On demand: a nonce, never the hash rules.
        expect((await worker.fetch('/live')).headers.get('content-security-policy')).toMatch(/^script-src 'self' 'nonce-[^']+'; frame-ancestors 'none'$/);
      } finally {
        await worker.dispose();
      }
    });
  });

  describe.each(['netlify', 'vercel', 'node'] as const)('%s: every page gets its header', (adapter) => {
    let result: BuildResult;
    beforeAll(async () => {
      result = await build(root, { adapter });
    }, 120_000);

    it('no page keeps a <meta> and nothing is warned', () => {
      expect(result.warnings.filter((w) => w.startsWith('security.csp'))).toEqual([]);
      expect(readFileSync(join(root, 'dist/client/p/120/index.html'), 'utf8')).not.toContain('http-equiv');
    });

    it("writes the platform's rules", () => PLATFORM_RULES[adapter](root));

    it("the handler serves each page with its header from the asset manifest, in the platform's runtime", async () => {
      const server = await startPreview(root, { adapter, port: 0 });
      try {
        for (const [path, n] of [['/', 'home'], ['/p/120', '120'], ['/p/120/', '120']] as const) {
          const res = await fetch(server.url + path);
          expect(res.status, path).toBe(200);
          expect(res.headers.get('content-security-policy'), path).toBe(policy(n));
          expect(await res.text(), path).toContain(script(n));
        }
      } finally {
        await server.close();
      }
    });
  });

  it('reportOnly sends Content-Security-Policy-Report-Only, for prerendered and on-demand pages alike', async () => {
    const reporting = makeSite(null, files(`{ reportOnly: true, directives: { 'script-src': ['self'], 'frame-ancestors': ['none'] } }`));
    try {
      await build(reporting, { adapter: 'node' });
      const server = await startPreview(reporting, { adapter: 'node', port: 0 });
      try {
        const page = await fetch(server.url + '/p/007');
        expect(page.headers.get('content-security-policy')).toBeNull();
        expect(page.headers.get('content-security-policy-report-only')).toBe(policy('007'));
        const live = await fetch(server.url + '/live');
        expect(live.headers.get('content-security-policy')).toBeNull();
        expect(live.headers.get('content-security-policy-report-only')).toMatch(/^script-src 'self' 'nonce-[^']+'; frame-ancestors 'none'$/);
      } finally {
        await server.close();
      }
    } finally {
      removeSite(reporting);
    }
  }, 120_000);
});

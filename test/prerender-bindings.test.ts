/**
 * Bindings while prerendering (Cloudflare adapters): KV seeded locally the way `edgepress dev`
 * keeps it (`wrangler kv ... --local --persist-to .wrangler/state`) reaches getStaticPaths and
 * prerendered pages through ctx.env and `cloudflare:workers`; the HTML holds the data.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, outsideSite, REPO } from './helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const SITE = {
  'wrangler.jsonc': `{
    "name": "kv-blog",
    "compatibility_date": "2026-04-01",
    "kv_namespaces": [{ "binding": "CONTENT", "id": "0123456789abcdef0123456789abcdef" }],
    "d1_databases": [{ "binding": "DB", "database_name": "blog", "database_id": "00000000-0000-0000-0000-000000000000" }],
  }`,
  'routes/posts/[slug].tsx': `export async function getStaticPaths({ env }: { env: any }) {
  const { keys } = await env.CONTENT.list({ prefix: 'post:' });
  return keys.map((key: { name: string }) => ({ params: { slug: key.name.slice(5) } }));
}
export default async function Post({ env, params }: { env: any; params: { slug: string } }) {
  const text = await env.CONTENT.get('post:' + params.slug);
  const row = await env.DB.prepare('select 6 * 7 as answer').first();
  return <article><h1>{params.slug}</h1><p>{text}</p><p>d1 says {row.answer}</p></article>;
}
`,
  'routes/about.tsx': `import { env } from 'cloudflare:workers';
export default async function About() {
  return <p>{await (env as any).CONTENT.get('about')}</p>;
}
`,
};

/** Puts a key in the site's local KV as a user (or `edgepress dev`'s seeding) does. */
function seedLocalKv(root: string, key: string, value: string): void {
  const run = spawnSync(join(REPO, 'node_modules/.bin/wrangler'), ['kv', 'key', 'put', key, value, '--binding', 'CONTENT', '--local', '--persist-to', join(root, '.wrangler/state')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    timeout: 120_000,
  });
  expect(run.status, run.stderr + run.stdout).toBe(0);
}

describe('bindings while prerendering', () => {
  it('a prerendered page and getStaticPaths read KV and D1 seeded locally, and the HTML shows it', async () => {
    const root = outsideSite('prerender-kv', SITE, roots);
    seedLocalKv(root, 'post:hello', 'Hello from KV');
    seedLocalKv(root, 'post:second', 'Second post');
    seedLocalKv(root, 'about', 'About, from cloudflare:workers env');
    const result = await build(root);
    expect(result.pages.sort()).toEqual(['/about/index.html', '/posts/hello/index.html', '/posts/second/index.html']);
    expect(readFileSync(join(root, 'dist/client/posts/hello/index.html'), 'utf8')).toBe('<article><h1>hello</h1><p>Hello from KV</p><p>d1 says 42</p></article>');
    expect(readFileSync(join(root, 'dist/client/posts/second/index.html'), 'utf8')).toContain('<p>Second post</p>');
    expect(readFileSync(join(root, 'dist/client/about/index.html'), 'utf8')).toBe('<p>About, from cloudflare:workers env</p>');
    expect(result.summary).toContain('prerendered with the local bindings of the wrangler config');
  });

  it('starts no platform proxy when no prerendered code reads env, and request-only data still fails the build', async () => {
    const root = outsideSite('prerender-no-env', { 'wrangler.jsonc': SITE['wrangler.jsonc'], 'routes/index.tsx': 'export default () => <p>plain</p>;\n' }, roots);
    const result = await build(root);
    expect(result.summary).not.toContain('local bindings');
    const headers = outsideSite(
      'prerender-headers',
      { 'wrangler.jsonc': SITE['wrangler.jsonc'], 'routes/index.tsx': 'export default ({ env, request }: any) => <p>{String(!!env.CONTENT)} {request.headers.get("x")}</p>;\n' },
      roots,
    );
    await expect(build(headers)).rejects.toThrow(/routes\/index\.tsx: failed to prerender \/: PrerenderRequestDataError/);
  });
});

/** A prerendered rest route writes one HTML page per getStaticPaths entry, laid out per trailingSlash. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrailingSlash } from '../src/config.ts';
import { makeSite } from './helpers/site.ts';
import { workerdSite } from './helpers/workerd-site.ts';

const REST_PAGE = `
export function getStaticPaths() {
  return [{ params: { path: 'intro' } }, { params: { path: 'a/b/c' } }, { params: { path: undefined } }];
}
export default ({ params }) => <p>docs {String(params.path)}</p>;
`;

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(root, full) : [relative(root, full).split('\\').join('/')];
  });
}

const LAYOUT: Record<TrailingSlash, string[]> = {
  ignore: ['docs/a/b/c/index.html', 'docs/index.html', 'docs/intro/index.html'],
  always: ['docs/a/b/c/index.html', 'docs/index.html', 'docs/intro/index.html'],
  never: ['docs.html', 'docs/a/b/c.html', 'docs/intro.html'],
};

describe.each(['ignore', 'always', 'never'] as TrailingSlash[])("a prerendered rest route, trailingSlash '%s'", (rule) => {
  const built = workerdSite(() =>
    makeSite(null, {
      'edgepress.config.ts': `export default { trailingSlash: '${rule}' };\n`,
      'routes/docs/[...path].tsx': REST_PAGE,
      'routes/index.tsx': 'export default () => <p>home</p>;\n',
    }),
  );

  it('writes .html files, one per entry', () => {
    const client = join(built.root, 'dist/client');
    expect(filesUnder(client).filter((f) => f.startsWith('docs')).sort()).toEqual(LAYOUT[rule]);
    expect(existsSync(join(client, 'docs/intro')) && statSync(join(client, 'docs/intro')).isFile()).toBe(false);
  });

  it('serves each page as text/html at the URL the rule wants', async () => {
    const slash = rule === 'always' ? '/' : '';
    for (const [path, text] of [['/docs', 'undefined'], ['/docs/intro', 'intro'], ['/docs/a/b/c', 'a/b/c']] as const) {
      const res = await built.site.fetch(path + slash);
      expect(res.status, path + slash).toBe(200);
      expect(res.headers.get('content-type'), path + slash).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe(`<p>docs ${text}</p>`);
    }
  });

  it('answers the other slash form as the rule says', async () => {
    for (const path of ['/docs/intro', '/docs/a/b/c']) {
      const other = rule === 'always' ? path : path + '/';
      const res = await built.site.fetch(other);
      await res.arrayBuffer();
      if (rule === 'ignore') expect(res.status, other).toBe(200);
      else {
        expect([301, 307, 308], other).toContain(res.status);
        expect(new URL(res.headers.get('location')!, 'http://x').pathname).toBe(rule === 'always' ? path + '/' : path);
      }
    }
  });
});

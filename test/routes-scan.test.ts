import { describe, expect, it } from 'vitest';
import { build, makeSite, removeSite } from './helpers/site.ts';
import { scanRoutes } from '../src/build/scan-routes.ts';
import { parseRoutePath } from '../src/build/route-segments.ts';
import { RouteMatcher } from '../src/runtime/route-match.ts';
import { toEntry } from '../src/build/scan-routes.ts';

const page = 'export default () => <p>x</p>;\n';
const onDemand = 'export const prerender = false;\nexport default () => <p>x</p>;\n';
const endpoint = 'export const GET = () => new Response("x");\n';

function scan(files: Record<string, string>, output: 'static' | 'server' = 'server') {
  const root = makeSite(null, Object.fromEntries(Object.entries(files).map(([k, v]) => [`routes/${k}`, v])));
  try {
    return scanRoutes(root, output);
  } finally {
    removeSite(root);
  }
}

describe('route scanner', () => {
  it('maps files to patterns: index, nesting, params, rest, extensions in endpoint names', () => {
    const { routes, notFound, middleware } = scan({
      'index.tsx': page,
      'about.tsx': page,
      'blog/index.tsx': page,
      'blog/[slug].tsx': page,
      'docs/[...path].tsx': page,
      'api/echo.ts': endpoint,
      'feed.xml.ts': endpoint,
      '404.tsx': page,
      '_middleware.ts': 'export const onRequest = (c, n) => n();',
      '_components/Nav.tsx': page,
      '_lib/util.ts': 'export {}',
      'blog/_draft.tsx': page,
    });
    const byPattern = Object.fromEntries(routes.map((r) => [r.pattern, r]));
    expect(Object.keys(byPattern).sort()).toEqual(['/', '/about', '/api/echo', '/blog', '/blog/[slug]', '/docs/[...path]', '/feed.xml']);
    expect(byPattern['/feed.xml']).toMatchObject({ kind: 'endpoint', isFile: true, staticPath: '/feed.xml' });
    expect(byPattern['/blog/[slug]']).toMatchObject({ kind: 'page', params: ['slug'], file: 'routes/blog/[slug].tsx' });
    expect(byPattern['/docs/[...path]']).toMatchObject({ params: ['path'], rest: ['path'] });
    expect(notFound?.file).toBe('routes/404.tsx');
    expect(middleware).toBe('routes/_middleware.ts');
  });

  it('reads prerender per route, defaulting from output', () => {
    const files = { 'a.tsx': page, 'b.tsx': onDemand, 'c.tsx': 'export const prerender = true;\n' + page };
    const flags = (output: 'static' | 'server') => Object.fromEntries(scan(files, output).routes.map((r) => [r.pattern, r.prerender]));
    expect(flags('static')).toEqual({ '/a': true, '/b': false, '/c': true });
    expect(flags('server')).toEqual({ '/a': false, '/b': false, '/c': true });
  });

  it('ignores a commented-out prerender export', () => {
    const { routes } = scan({ 'a.tsx': '// export const prerender = false;\n/* export const prerender = false */\n' + page }, 'static');
    expect(routes[0]!.prerender).toBe(true);
  });
});

describe('route priority', () => {
  const order = (files: string[]): string[] => scan(Object.fromEntries(files.map((f) => [f, f.endsWith('.ts') ? endpoint : page]))).routes.map((r) => r.pattern);

  it('puts static before params before rest, and longer static prefixes first', () => {
    expect(order(['[...all].tsx', '[slug].tsx', 'about.tsx', 'blog/[slug].tsx', 'blog/new.tsx', 'blog/[...rest].tsx'])).toEqual([
      '/about',
      '/blog/new',
      '/blog/[slug]',
      '/blog/[...rest]',
      '/[slug]',
      '/[...all]',
    ]);
  });

  it('puts a segment mixing text and a param before a bare param', () => {
    expect(order(['[id].tsx', 'v[n].tsx', '[lang]-[version].tsx'])).toEqual(['/[lang]-[version]', '/v[n]', '/[id]']);
  });

  it('puts a route before its rest sibling of one more segment', () => {
    expect(order(['docs/[...path].tsx', 'docs.tsx'])).toEqual(['/docs', '/docs/[...path]']);
  });

  it('puts endpoints before pages, prerendered before on demand', () => {
    const { routes } = scan({ '[a].ts': endpoint, '[b].tsx': 'export const prerender = true;\n' + page }, 'server');
    expect(routes.map((r) => r.pattern)).toEqual(['/[b]', '/[a]']);
    const both = scan({ 'x/[a].ts': endpoint, 'y/[b].tsx': page }).routes.map((r) => r.pattern);
    expect(both).toEqual(['/x/[a]', '/y/[b]']);
  });

  it('matches paths to the highest-priority route', () => {
    const { routes } = scan({ 'blog/new.tsx': page, 'blog/[slug].tsx': page, 'blog/[...rest].tsx': page, 'docs/[...path].tsx': page });
    const matcher = new RouteMatcher(routes.map(toEntry));
    expect(matcher.match('/blog/new')?.route.pattern).toBe('/blog/new');
    expect(matcher.match('/blog/other')).toMatchObject({ route: { pattern: '/blog/[slug]' }, params: { slug: 'other' } });
    expect(matcher.match('/blog/a/b')).toMatchObject({ route: { pattern: '/blog/[...rest]' }, params: { rest: 'a/b' } });
    expect(matcher.match('/docs')).toMatchObject({ route: { pattern: '/docs/[...path]' }, params: { path: undefined } });
    expect(matcher.match('/nothing')).toBeUndefined();
  });
});

describe('route segments', () => {
  it('builds anchored regexes that handle mixed segments and rest params with text', () => {
    const re = (segments: string[]) => new RegExp(parseRoutePath(segments, 'f').regex);
    expect(re(['[lang]-[version]']).exec('/en-v2')?.slice(1)).toEqual(['en', 'v2']);
    expect(re(['v[n]']).exec('/v12')?.slice(1)).toEqual(['12']);
    expect(re(['[...slug].json']).exec('/a/b.json')?.slice(1)).toEqual(['a/b']);
    expect(re(['a.b']).test('/aXb')).toBe(false);
    expect(re([]).test('/')).toBe(true);
  });
});

describe('build errors name the file and the fix', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['two files claim one path', { 'routes/about.tsx': page, 'routes/about/index.tsx': page }, /routes\/about(\/index)?\.tsx: routes\/about(\/index)?\.tsx already answers \/about; remove or rename/],
    ['page and endpoint claim one path', { 'routes/x.tsx': page, 'routes/x.ts': endpoint }, /routes\/x\.tsx?: routes\/x\.tsx? already answers \/x/],
    ['an unclosed bracket', { 'routes/[a.tsx': page }, /routes\/\[a\.tsx: .*"\[" that is never closed/],
    ['an empty rest param', { 'routes/[...].tsx': page }, /routes\/\[\.\.\.\]\.tsx: "\[\.\.\.\]" is not a valid param/],
    ['an optional param', { 'routes/[[x]].tsx': page }, /routes\/\[\[x\]\]\.tsx: .*optional params/],
    ['a stray bracket', { 'routes/a]b.tsx': page }, /routes\/a\]b\.tsx: .*"\]" without a matching "\["/],
    ['adjacent params', { 'routes/[a][b].tsx': page }, /two params with nothing between them/],
    ['a reserved param name', { 'routes/[__proto__].tsx': page }, /"\[__proto__\]" is not a valid param/],
    ['an unsupported extension', { 'routes/notes.md': '# hi' }, /routes\/notes\.md: unsupported extension \.md.*Move other files to public\//],
    ['a non-literal prerender', { 'routes/a.tsx': 'const x = true;\nexport const prerender = x;\n' + page }, /routes\/a\.tsx: `export const prerender = x` is not a literal/],
    ['a let prerender', { 'routes/a.tsx': 'export let prerender = true;\n' + page }, /routes\/a\.tsx: `export let prerender = true` is not a literal/],
    ['prerender via export list', { 'routes/a.tsx': 'const prerender = true;\nexport { prerender };\n' + page }, /routes\/a\.tsx: `prerender` is exported through `export \{ \.\.\. \}`/],
    ['a prerendered dynamic route without getStaticPaths', { 'routes/[slug].tsx': page }, /routes\/\[slug\]\.tsx: a prerendered dynamic route needs `export function getStaticPaths\(\)`/],
    ['two on-demand routes of one shape', { 'routes/[a].tsx': onDemand, 'routes/[b].tsx': onDemand }, /routes\/\[b\]\.tsx: routes\/\[a\]\.tsx is also on demand and matches the same paths/],
    [
      'two prerendered routes producing one path',
      {
        'routes/[a].tsx': 'export const getStaticPaths = () => [{ params: { a: "x" } }];\n' + page,
        'routes/[b].tsx': 'export const getStaticPaths = () => [{ params: { b: "x" } }];\n' + page,
      },
      /routes\/\[b\]\.tsx: produces \/x, which routes\/\[a\]\.tsx also produces/,
    ],
    ['getStaticPaths with a missing param', { 'routes/[slug].tsx': 'export const getStaticPaths = () => [{ params: {} }];\n' + page }, /routes\/\[slug\]\.tsx: getStaticPaths\(\) returned params without "slug"/],
    [
      'a prerendered endpoint reading cookies',
      { 'routes/data.json.ts': 'export const GET = ({ cookies }) => new Response(cookies.get("a")?.value ?? "");\n' },
      /routes\/data\.json\.ts: failed to prerender \/data\.json: PrerenderRequestDataError: .*reads cookies.*export const prerender = false/,
    ],
    [
      'a prerendered page reading request headers',
      { 'routes/h.tsx': 'export default ({ request }) => <p>{request.headers.get("x")}</p>;\n' },
      /routes\/h\.tsx: failed to prerender \/h: PrerenderRequestDataError: routes\/h\.tsx is prerendered but reads request\.headers/,
    ],
    ['a syntax error', { 'routes/a.tsx': 'export default () => <p>;\n' }, /routes\/a\.tsx: \d+:\d+: /],
    ['an import that does not resolve', { 'routes/a.tsx': 'import x from "./nope";\nexport default () => <p>{x}</p>;\n' }, /routes\/a\.tsx: \d+:\d+: Could not resolve "\.\/nope"/],
    ['a bad config value', { 'edgepress.config.ts': 'export default { output: "hybrid" };\n', 'routes/a.tsx': page }, /edgepress\.config\.ts: `output` is "hybrid"; use one of 'static', 'server'/],
    ['an unknown config key', { 'edgepress.config.ts': 'export default { outptu: "server" };\n', 'routes/a.tsx': page }, /edgepress\.config\.ts: unknown option `outptu`/],
    ['no routes folder', { 'public/x.txt': 'x' }, /routes\/: no routes folder/],
    [
      'a prerendered page where an endpoint wrote a file',
      {
        'routes/docs.ts': endpoint,
        'routes/docs/[...path].tsx': 'export const getStaticPaths = () => [{ params: { path: "intro" } }];\n' + page,
      },
      /routes\/docs\/\[\.\.\.path\]\.tsx: cannot write docs\/intro\/index\.html \((ENOTDIR|EEXIST)\): another route or a file in public\/ already uses that path/,
    ],
    [
      'a prerendered page where public/ has a file',
      { 'public/docs/intro': 'x', 'routes/docs/[...path].tsx': 'export const getStaticPaths = () => [{ params: { path: "intro/x" } }];\n' + page },
      /routes\/docs\/\[\.\.\.path\]\.tsx: cannot write docs\/intro\/x\/index\.html \((ENOTDIR|EEXIST)\)/,
    ],
  ];

  for (const [name, files, message] of cases) {
    it(name, async () => {
      const root = makeSite(null, files);
      try {
        const error: unknown = await build(root).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'the build should have failed').toBeInstanceOf(Error);
        expect((error as Error).name).toBe('BuildError');
        expect((error as Error).message).toMatch(message);
      } finally {
        removeSite(root);
      }
    });
  }
});

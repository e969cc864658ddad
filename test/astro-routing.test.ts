/**
 * Astro's own routing tests, ported as data: each suite is a site (files + config) built and run
 * in workerd, and each case is a request with the answer Astro's test expects. The facts (files,
 * URLs, routes, params) come from withastro/astro; every case names its source file. Where we
 * decide differently, the case says so and docs/DESIGN.md ("Amendments") gives the reason.
 */
import { describe, expect, it } from 'vitest';
import { build, makeSite, removeSite } from './helpers/site.ts';
import { workerdSite } from './helpers/workerd-site.ts';

const A = 'packages/astro/test/';
const U = 'packages/astro/test/units/routing/';

/** One request and what it must answer. */
interface Case {
  /** The Astro test file the facts come from. */
  source: string;
  path: string;
  /** Default 200. */
  status?: number;
  /** The route (as `ctx.routePattern`) that must answer. */
  route?: string;
  /** The params it must see; null stands for undefined. */
  params?: Record<string, string | null>;
  /** For redirects: where to. */
  location?: string;
  /** Set when we answer differently from Astro on purpose (see docs/DESIGN.md, Amendments). */
  differs?: string;
}

interface Suite {
  name: string;
  config?: string;
  files: Record<string, string>;
  cases: Case[];
}

/** A page that prints its route and params; `paths` makes it prerendered with getStaticPaths. */
function page(paths?: Array<Record<string, unknown>>, onDemand = false): string {
  const head = onDemand ? 'export const prerender = false;\n' : '';
  const gsp = paths ? `export const getStaticPaths = () => ${JSON.stringify(paths.map((params) => ({ params })))};\n` : '';
  return `${head}${gsp}export default ({ routePattern, params }) => <pre>{JSON.stringify({ route: routePattern, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v ?? null])) })}</pre>;\n`;
}

/** An on-demand endpoint that answers its route and params as JSON. */
const ENDPOINT =
  'export const prerender = false;\nexport const GET = ({ routePattern, params }) => Response.json({ route: routePattern, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v ?? null])) });\n';

const SUITES: Suite[] = [
  {
    name: 'routing priority, prerendered',
    files: {
      'routes/index.tsx': page(),
      'routes/[slug].tsx': page([{ slug: 'slug-1' }, { slug: 'slug-2' }]),
      'routes/[page].tsx': page([{ page: 'page-1' }, { page: 'page-2' }]),
      'routes/[id].tsx': page([{ id: 'injected-1' }, { id: 'injected-2' }]),
      'routes/posts/[pid].tsx': page([{ pid: 'post-1' }, { pid: 'post-2' }]),
      'routes/posts/[...slug].tsx': page([{ slug: '1/2' }]),
      'routes/de/index.tsx': page(),
      'routes/[lang]/index.tsx': page([{ lang: 'en' }]),
      'routes/[lang]/[...catchall].tsx': page([{ lang: 'de', catchall: '1/2' }, { lang: 'en', catchall: '1/2' }]),
    },
    cases: (
      [
        ['/', '/', {}],
        ['/slug-1', '/[slug]', { slug: 'slug-1' }],
        ['/slug-2', '/[slug]', { slug: 'slug-2' }],
        ['/page-1', '/[page]', { page: 'page-1' }],
        ['/page-2', '/[page]', { page: 'page-2' }],
        ['/posts/post-1', '/posts/[pid]', { pid: 'post-1' }],
        ['/posts/post-2', '/posts/[pid]', { pid: 'post-2' }],
        ['/posts/1/2', '/posts/[...slug]', { slug: '1/2' }],
        ['/de', '/de', {}],
        ['/en', '/[lang]', { lang: 'en' }],
        ['/de/1/2', '/[lang]/[...catchall]', { lang: 'de', catchall: '1/2' }],
        ['/en/1/2', '/[lang]/[...catchall]', { lang: 'en', catchall: '1/2' }],
        ['/injected-1', '/[id]', { id: 'injected-1' }],
        ['/injected-2', '/[id]', { id: 'injected-2' }],
      ] as Array<[string, string, Record<string, string>]>
    ).flatMap(([path, route, params]) => {
      const slash = path.endsWith('/') ? path : path + '/';
      // Astro's dev checks each URL as written, with a trailing slash, and as .../index.html.
      return [path, slash, `${slash}index.html`].map((p) => ({ source: `${A}routing-priority.test.js`, path: p, route, params }));
    }),
  },
  {
    name: 'routing priority, on demand',
    config: "{ output: 'server' }",
    files: {
      'routes/index.tsx': page(),
      'routes/de/index.tsx': page(),
      'routes/[lang]/index.tsx': page(),
      'routes/[lang]/[...catchall].tsx': page(),
      'routes/posts/[pid].tsx': page(),
      'routes/posts/[...slug].tsx': page(),
      'routes/api/catch/[...slug].json.ts': ENDPOINT,
      'routes/api/catch/[foo]-[bar].json.ts': ENDPOINT,
      'routes/empty-slug/[...slug].tsx': page(),
    },
    cases: [
      { source: `${U}routing-priority.test.ts`, path: '/', route: '/', params: {} },
      { source: `${U}routing-priority.test.ts`, path: '/de', route: '/de', params: {} },
      { source: `${U}routing-priority.test.ts`, path: '/en', route: '/[lang]', params: { lang: 'en' } },
      { source: `${U}routing-priority.test.ts`, path: '/de/1/2', route: '/[lang]/[...catchall]', params: { lang: 'de', catchall: '1/2' } },
      { source: `${U}routing-priority.test.ts`, path: '/posts/post-1', route: '/posts/[pid]', params: { pid: 'post-1' } },
      { source: `${U}routing-priority.test.ts`, path: '/posts/1/2', route: '/posts/[...slug]', params: { slug: '1/2' } },
      { source: `${U}routing-priority.test.ts`, path: '/api/catch/a.json', route: '/api/catch/[...slug].json', params: { slug: 'a' } },
      { source: `${U}routing-priority.test.ts`, path: '/api/catch/b/c.json', route: '/api/catch/[...slug].json', params: { slug: 'b/c' } },
      { source: `${U}routing-priority.test.ts`, path: '/api/catch/a-b.json', route: '/api/catch/[foo]-[bar].json', params: { foo: 'a', bar: 'b' } },
      { source: `${U}routing-priority.test.ts`, path: '/empty-slug', route: '/empty-slug/[...slug]', params: { slug: null } },
    ],
  },
  {
    name: 'dynamic-route collisions and rest params',
    config: "{ output: 'server' }",
    files: {
      'routes/about.tsx': page(),
      'routes/test/index.tsx': page(),
      'routes/[slug].tsx': page(),
      'routes/[...path].tsx': page(),
    },
    cases: [
      { source: `${U}dynamic-route-collision.test.ts`, path: '/about', route: '/about', params: {} },
      { source: `${U}dynamic-route-collision.test.ts`, path: '/test', route: '/test', params: {} },
      { source: `${U}dynamic-route-collision.test.ts`, path: '/blog', route: '/[slug]', params: { slug: 'blog' } },
      { source: `${U}get-params.test.ts`, path: '/a/b/c', route: '/[...path]', params: { path: 'a/b/c' } },
      { source: `${U}get-params.test.ts`, path: '/', route: '/[...path]', params: { path: null } },
    ],
  },
  {
    name: 'prerendered and on-demand routes of one shape',
    config: "{ trailingSlash: 'never' }",
    files: {
      'routes/[serverDynamic].tsx': page(undefined, true),
      'routes/[xStaticDynamic].tsx': page([{ xStaticDynamic: 'static-dynamic-route-here' }]),
      'routes/[aStaticDynamic].tsx': page([{ aStaticDynamic: 'another-static-dynamic-route-here' }]),
      'routes/[...serverRest].tsx': page(undefined, true),
      'routes/[...xStaticRest].tsx': page([{ xStaticRest: undefined }]),
      'routes/[...aStaticRest].tsx': page([{ aStaticRest: 'another/static-rest-route-here' }]),
      'routes/nested/[...serverRest].tsx': page(undefined, true),
      'routes/nested/[...xStaticRest].tsx': page([{ xStaticRest: undefined }]),
      'routes/nested/[...aStaticRest].tsx': page([{ aStaticRest: 'another-nested-static-dynamic-rest-route-here' }]),
    },
    cases: [
      { source: `${U}route-matching.test.ts`, path: '/static-dynamic-route-here', route: '/[xStaticDynamic]', params: { xStaticDynamic: 'static-dynamic-route-here' } },
      { source: `${U}route-matching.test.ts`, path: '/another-static-dynamic-route-here', route: '/[aStaticDynamic]', params: { aStaticDynamic: 'another-static-dynamic-route-here' } },
      { source: `${U}route-matching.test.ts`, path: '/a-random-slug-was-matched', route: '/[serverDynamic]', params: { serverDynamic: 'a-random-slug-was-matched' } },
      { source: `${U}route-matching.test.ts`, path: '/', route: '/[...xStaticRest]', params: { xStaticRest: null } },
      { source: `${U}route-matching.test.ts`, path: '/another/static-rest-route-here', route: '/[...aStaticRest]', params: { aStaticRest: 'another/static-rest-route-here' } },
      { source: `${U}route-matching.test.ts`, path: '/nested', route: '/nested/[...xStaticRest]', params: { xStaticRest: null } },
      {
        source: `${U}route-matching.test.ts`,
        path: '/nested/another-nested-static-dynamic-rest-route-here',
        route: '/nested/[...aStaticRest]',
        params: { aStaticRest: 'another-nested-static-dynamic-rest-route-here' },
      },
      { source: `${U}route-matching.test.ts`, path: '/nested/a-random-slug-was-matched', route: '/nested/[...serverRest]', params: { serverRest: 'a-random-slug-was-matched' } },
    ],
  },
  {
    name: "trailingSlash: 'always'",
    config: "{ trailingSlash: 'always' }",
    files: {
      'routes/api.ts': ENDPOINT,
      'routes/dot.json.ts': ENDPOINT,
      'routes/pathname.ts': ENDPOINT,
      'routes/subpage.ts': ENDPOINT,
      'routes/injected.ts': ENDPOINT,
      'routes/injected.json.ts': ENDPOINT,
    },
    cases: [
      { source: `${U}trailing-slash.test.ts`, path: '/api/', route: '/api', params: {} },
      // Astro's router reports "no match"; we answer the redirect its apps send.
      { source: `${U}trailing-slash.test.ts`, path: '/api', status: 301, location: '/api/' },
      { source: `${U}trailing-slash.test.ts`, path: '/injected/', route: '/injected', params: {} },
      { source: `${U}trailing-slash.test.ts`, path: '/injected', status: 301, location: '/injected/' },
      { source: `${U}trailing-slash.test.ts`, path: '/injected.json', route: '/injected.json', params: {} },
      { source: `${U}trailing-slash.test.ts`, path: '/dot.json/', status: 404 },
      { source: `${U}trailing-slash.test.ts`, path: '/dot.json', route: '/dot.json', params: {} },
    ],
  },
  {
    name: "trailingSlash: 'never' with a base",
    config: "{ trailingSlash: 'never', base: '/base' }",
    files: {
      'routes/index.ts': ENDPOINT,
      'routes/injected.ts': ENDPOINT,
      'routes/api.ts': ENDPOINT,
      'routes/dot.json.ts': ENDPOINT,
      'routes/pathname.ts': ENDPOINT,
      'routes/subpage.ts': ENDPOINT,
    },
    cases: [
      { source: `${U}trailing-slash.test.ts`, path: '/base', route: '/', params: {} },
      { source: `${U}trailing-slash.test.ts`, path: '/base/', status: 301, location: '/base' },
      { source: `${U}trailing-slash.test.ts`, path: '/base?foo=bar', route: '/', params: {} },
      { source: `${U}trailing-slash.test.ts`, path: '/base/injected?foo=bar', route: '/injected', params: {} },
      { source: `${U}trailing-slash.test.ts`, path: '/base/pathname', route: '/pathname', params: {} },
      { source: `${U}trailing-slash.test.ts`, path: '/base/subpage', route: '/subpage', params: {} },
    ],
  },
  {
    name: 'params encoding and decoding, on demand',
    config: "{ output: 'server' }",
    files: {
      'routes/[category].tsx': page(),
      'routes/[x]/[y]/[z].tsx': page(),
      'routes/blog/[slug]/edit.tsx': page(),
      'routes/about.tsx': page(),
    },
    cases: [
      { source: `${U}get-params.test.ts`, path: '/food', route: '/[category]', params: { category: 'food' } },
      { source: `${U}get-params.test.ts`, path: '/a/b/c', route: '/[x]/[y]/[z]', params: { x: 'a', y: 'b', z: 'c' } },
      { source: `${U}get-params.test.ts`, path: '/blog/my-post/edit', route: '/blog/[slug]/edit', params: { slug: 'my-post' } },
      { source: `${U}get-params.test.ts`, path: '/about', route: '/about', params: {} },
      { source: `${U}get-params.test.ts`, path: '/[page]', route: '/[category]', params: { category: '[page]' } },
      { source: `${U}get-params.test.ts`, path: '/%5Bpage%5D', route: '/[category]', params: { category: '[page]' } },
      { source: `${U}get-params.test.ts`, path: '/%23something', route: '/[category]', params: { category: '#something' }, differs: 'params are fully decoded' },
      { source: `${U}get-params.test.ts`, path: '/%2Fsomething', route: '/[category]', params: { category: '/something' }, differs: 'params are fully decoded' },
      { source: `${U}get-params.test.ts`, path: '/%3Fsomething', route: '/[category]', params: { category: '?something' }, differs: 'params are fully decoded' },
      { source: `${U}get-params.test.ts`, path: '/food.html', route: '/[category]', params: { category: 'food.html' }, differs: '.html is not stripped' },
      { source: `${U}get-params.test.ts`, path: '/你好', route: '/[category]', params: { category: '你好' } },
    ],
  },
  {
    name: 'params encoding, prerendered',
    files: {
      'routes/[category].tsx': page([{ category: '[page]' }, { category: '%23something' }, { category: '%2Fsomething' }, { category: '%3Fsomething' }]),
    },
    cases: [
      { source: `${U}params-encoding.test.ts`, path: '/%5Bpage%5D', route: '/[category]', params: { category: '[page]' } },
      { source: `${U}params-encoding.test.ts`, path: '/%2523something', route: '/[category]', params: { category: '%23something' } },
      { source: `${U}params-encoding.test.ts`, path: '/%252Fsomething', route: '/[category]', params: { category: '%2Fsomething' } },
      { source: `${U}params-encoding.test.ts`, path: '/%253Fsomething', route: '/[category]', params: { category: '%3Fsomething' } },
    ],
  },
  {
    name: 'getStaticPaths: listed paths answer, others are 404',
    config: "{ base: '/' }",
    files: {
      'routes/pizza/[cheese]-[topping].tsx': page([{ cheese: 'provolone', topping: 'sausage' }]),
      'routes/pizza/[...pizza].tsx': page([{ pizza: 'grimaldis/new-york' }]),
      'routes/blog/[year]/[slug].tsx': page([{ year: '2022', slug: 'post-1' }, { year: 2022, slug: 'post-2' }]),
      'routes/404.tsx': 'export default () => <p>not found</p>;\n',
    },
    cases: [
      { source: `${A}astro-get-static-paths.test.js`, path: '/pizza/provolone-sausage', route: '/pizza/[cheese]-[topping]', params: { cheese: 'provolone', topping: 'sausage' } },
      { source: `${A}astro-get-static-paths.test.js`, path: '/pizza/provolone-pineapple', status: 404 },
      { source: `${A}astro-get-static-paths.test.js`, path: '/pizza/grimaldis/new-york', route: '/pizza/[...pizza]', params: { pizza: 'grimaldis/new-york' } },
      { source: `${A}astro-get-static-paths.test.js`, path: '/pizza/pizza-hut', status: 404 },
      { source: `${A}astro-get-static-paths.test.js`, path: '/blog/2022/post-1', route: '/blog/[year]/[slug]', params: { year: '2022', slug: 'post-1' } },
      { source: `${A}astro-get-static-paths.test.js`, path: '/blog/2022/post-2', route: '/blog/[year]/[slug]', params: { year: '2022', slug: 'post-2' } },
    ],
  },
];

const ENTITIES: Record<string, string> = { '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** The route and params a page (`<pre>` JSON) or an endpoint (JSON) answered with. */
function answer(body: string): { route: string; params: Record<string, string | null> } {
  const pre = /^<pre>([\s\S]*)<\/pre>$/.exec(body);
  return JSON.parse(pre ? pre[1]!.replace(/&(quot|#39|lt|gt|amp);/g, (m) => ENTITIES[m]!) : body) as { route: string; params: Record<string, string | null> };
}

describe.each(SUITES)('Astro routing: $name', (suite) => {
  const built = workerdSite(() =>
    makeSite(null, { ...(suite.config ? { 'edgepress.config.ts': `export default ${suite.config};\n` } : {}), ...suite.files }),
  );

  it.each(suite.cases)('$path ($source)', async (c) => {
    const res = await built.site.fetch(c.path);
    const body = await res.text();
    expect(res.status, body).toBe(c.status ?? 200);
    if (c.location !== undefined) expect(res.headers.get('location')).toBe(c.location);
    if (c.route !== undefined) expect(answer(body)).toEqual({ route: c.route, params: c.params ?? {} });
  });
});

/** getStaticPaths param types (Astro: GetStaticPathsInvalidRouteParam): strings and undefined pass, the rest fail the build. */
describe('Astro routing: getStaticPaths param validation', () => {
  const source = `${U}params-validation.test.ts`;
  const values: Array<[string, string, boolean]> = [
    ['string', "'foo'", true],
    ['undefined', 'undefined', true],
    // Older Astro accepted numbers (astro-get-static-paths.test.js); we still do: String(123).
    ['number', '123', true],
    ['boolean', 'false', false],
    ['array', '[1, 2, 3]', false],
    ['null', 'null', false],
    ['object', '{ a: 1 }', false],
    ['bigint', 'BigInt(123)', false],
    ['function', 'setTimeout', false],
  ];
  it.each(values)(`a rest param of type %s (${source})`, async (type, literal, passes) => {
    const root = makeSite(null, {
      'routes/[...testParam].tsx': `export const getStaticPaths = async () => [{ params: { testParam: ${literal} } }];\nexport default () => <p>x</p>;\n`,
    });
    try {
      const error: unknown = await build(root).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (passes) expect(error).toBeUndefined();
      else {
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).name).toBe('BuildError');
        const kind = ({ array: 'an array', null: 'null', object: 'an object' } as Record<string, string>)[type] ?? `a ${type}`;
        expect((error as Error).message).toContain(`routes/[...testParam].tsx: getStaticPaths() returned params.testParam as ${kind}; each param must be a string`);
      }
    } finally {
      removeSite(root);
    }
  });
});

/** Astro lets a static route win over a dynamic one listing the same path (with a warning); we refuse the build. */
describe('Astro routing: a static route and a getStaticPaths entry for one path', () => {
  it(`is a build error naming both files (differs from ${A}routing-priority.test.js, where de/index.astro wins)`, async () => {
    const root = makeSite(null, {
      'routes/de/index.tsx': page(),
      'routes/[lang]/index.tsx': page([{ lang: 'de' }, { lang: 'en' }]),
    });
    try {
      const error: unknown = await build(root).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^routes\/\[lang\]\/index\.tsx: produces \/de, which routes\/de\/index\.tsx also produces/);
    } finally {
      removeSite(root);
    }
  });
});

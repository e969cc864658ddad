/** What the build does with what prerendering answers: redirects, other statuses, bad getStaticPaths, route file names. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../src/build/build-site.ts';
import { scanRoutes } from '../src/build/scan-routes.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';

const page = 'export default () => <p>x</p>;\n';

/** Builds a scratch site; resolves to the result or the error it failed with. */
async function buildFiles(files: Record<string, string>): Promise<{ root: string; result?: BuildResult; error?: Error }> {
  const root = makeSite(null, files);
  try {
    return { root, result: await build(root) };
  } catch (error) {
    return { root, error: error as Error };
  }
}

async function buildError(files: Record<string, string>): Promise<Error> {
  const { root, error } = await buildFiles(files);
  removeSite(root);
  expect(error, 'the build should have failed').toBeInstanceOf(Error);
  expect(error!.name).toBe('BuildError');
  return error!;
}

describe('a prerendered route that redirects', () => {
  it('is written as a meta-refresh page, with a warning, and its target escaped', async () => {
    const { root, result, error } = await buildFiles({
      'routes/old.tsx': 'export default ({ redirect }) => redirect("/new?a=1&b=\\"2\\"", 301);\n',
      'routes/new.tsx': page,
    });
    try {
      expect(error).toBeUndefined();
      const html = readFileSync(join(root, 'dist/client/old/index.html'), 'utf8');
      expect(html).toBe(
        '<!doctype html><title>Redirecting to /new?a=1&amp;b=&quot;2&quot;</title><meta http-equiv="refresh" content="0;url=/new?a=1&amp;b=&quot;2&quot;"><a href="/new?a=1&amp;b=&quot;2&quot;">/new?a=1&amp;b=&quot;2&quot;</a>',
      );
      expect(result!.warnings).toContain('routes/old.tsx: /old redirects (301); written as a meta-refresh page.');
    } finally {
      removeSite(root);
    }
  });
});

describe('a prerendered route that answers neither 200 nor a redirect', () => {
  it('fails the build with the status and the fix', async () => {
    const error = await buildError({ 'routes/gone.tsx': 'export default ({ response }) => { response.status = 410; return <p>gone</p>; };\n' });
    expect(error.message).toBe(
      'routes/gone.tsx: prerendering /gone answered 410; a prerendered route must answer 200 (or a redirect). Make it on demand with `export const prerender = false` to vary the status per request.',
    );
  });

  it('a bodiless 404 from a prerendered route fails too, rather than writing the 404 page in its place', async () => {
    const error = await buildError({ 'routes/missing.tsx': 'export default () => new Response(null, { status: 404 });\n', 'routes/404.tsx': page });
    expect(error.message).toMatch(/^routes\/missing\.tsx: prerendering \/missing answered 404/);
  });
});

describe('getStaticPaths that goes wrong', () => {
  const cases: Array<[string, string, string | RegExp]> = [
    ['throws', 'export function getStaticPaths() { throw new Error("no database"); }\n', 'routes/[slug].tsx: getStaticPaths() threw: no database'],
    ['rejects', 'export async function getStaticPaths() { throw new Error("timeout"); }\n', 'routes/[slug].tsx: getStaticPaths() threw: timeout'],
    ['returns an object', 'export const getStaticPaths = () => ({ params: { slug: "a" } });\n', 'routes/[slug].tsx: getStaticPaths() must return an array of { params, props? }.'],
    ['returns a bare string', 'export const getStaticPaths = () => ["a"];\n', 'routes/[slug].tsx: getStaticPaths() returned "a"; each entry must be { params: { ... }, props? }.'],
    ['returns an entry without params', 'export const getStaticPaths = () => [{ props: { n: 1 } }];\n', 'routes/[slug].tsx: getStaticPaths() returned {"props":{"n":1}}; each entry must be { params: { ... }, props? }.'],
    ['returns null', 'export const getStaticPaths = () => [null];\n', 'routes/[slug].tsx: getStaticPaths() returned null; each entry must be { params: { ... }, props? }.'],
    ['returns a param of the wrong type', 'export const getStaticPaths = () => [{ params: { slug: ["a"] } }];\n', /^routes\/\[slug\]\.tsx: getStaticPaths\(\) returned params\.slug as an array; each param must be a string/],
  ];
  it.each(cases)('%s: the build fails naming the route', async (_name, source, message) => {
    const error = await buildError({ 'routes/[slug].tsx': source + page });
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('a prerendered dynamic route beside an on-demand one', () => {
  it('skips a listed path a higher on-demand route answers, with a warning; the others are written', async () => {
    const { root, result, error } = await buildFiles({
      'edgepress.config.ts': "export default { output: 'static' };\n",
      'routes/about.tsx': 'export const prerender = false;\n' + page,
      'routes/[...rest].tsx': 'export const getStaticPaths = () => [{ params: { rest: "about" } }, { params: { rest: "x/y" } }];\n' + page,
    });
    try {
      expect(error).toBeUndefined();
      expect(result!.warnings).toContain('routes/[...rest].tsx: skipped /about, which routes/about.tsx answers first.');
      expect(result!.pages).toEqual(['/x/y/index.html']);
    } finally {
      removeSite(root);
    }
  });
});

describe('route file names', () => {
  function scan(files: Record<string, string>) {
    const root = makeSite(null, files);
    try {
      return scanRoutes(root, 'server');
    } finally {
      removeSite(root);
    }
  }

  it('.mts and .mjs are endpoints, .d.ts files are skipped', () => {
    const { routes, middleware } = scan({
      'routes/a.mts': 'export const GET = () => new Response("a");\n',
      'routes/b.mjs': 'export const GET = () => new Response("b");\n',
      'routes/types.d.ts': 'export type X = 1;\n',
      'routes/nested/env.d.ts': 'declare const x: 1;\n',
      'routes/_middleware.mts': 'export const onRequest = (c, n) => n();\n',
    });
    expect(routes.map((r) => [r.pattern, r.kind, r.file])).toEqual([
      ['/a', 'endpoint', 'routes/a.mts'],
      ['/b', 'endpoint', 'routes/b.mjs'],
    ]);
    expect(middleware).toBe('routes/_middleware.mts');
  });

  it('a param name used twice in one path is a build error naming it', async () => {
    const error = await buildError({ 'routes/[id]/[id].tsx': page });
    expect(error.message).toBe('routes/[id]/[id].tsx: the param "id" appears twice in the path; give each param its own name.');
  });
});

/**
 * Pay for what you use, at build time (issue 28): the server bundle of a bare site holds no code of
 * the optional features, and a site using one feature gains that feature's modules. Checked by
 * module name in the bundle's esbuild metafile (inputs that put bytes into the output), on the
 * sites `npm run bench:bundle` measures (bench/lib/feature-sites.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BARE, FEATURES } from '../bench/lib/feature-sites.ts';
import { build, makeSite, removeSite, withEnv } from './helpers/site.ts';

const KEY = Buffer.alloc(32, 9).toString('base64');
const roots: string[] = [];

/** The framework modules (repository paths) whose code is in the site's server bundle. */
async function bundledModules(files: Record<string, string>): Promise<string[]> {
  const root = makeSite(null, files);
  roots.push(root);
  const result = await withEnv({ EDGEPRESS_KEY: KEY }, () => build(root));
  return result.bundle.largest.filter((input) => input.bytes > 0).map((input) => input.path);
}

const has = (modules: string[], module: string): boolean => modules.some((path) => path === module || path.endsWith(`/${module}`));

afterAll(() => roots.forEach(removeSite));

describe('the server bundle holds only the features a site uses', () => {
  let bare: string[];
  beforeAll(async () => {
    bare = await bundledModules(BARE);
  }, 60_000);

  it('the bare site (a prerendered page, an on-demand page with a cookie, an endpoint) bundles none of them', () => {
    const optional = [...new Set(FEATURES.flatMap((feature) => feature.modules))];
    expect(optional.filter((module) => has(bare, module))).toEqual([]);
    // It is a real server bundle: the handler, the renderer and the cookies are there.
    expect(has(bare, 'src/runtime/handler.ts') && has(bare, 'src/runtime/cookies.ts')).toBe(true);
  });

  it.each(FEATURES.filter((feature) => feature.modules.length > 0).map((feature) => [feature.name, feature] as const))(
    '%s: its modules join the bundle',
    async (_name, feature) => {
      const modules = await bundledModules({ ...BARE, ...feature.files });
      expect(feature.modules.filter((module) => !has(modules, module))).toEqual([]);
    },
    60_000,
  );
});

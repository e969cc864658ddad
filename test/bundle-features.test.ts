/**
 * Pay for what you use, at build time (issue 28): the server bundle of a bare site holds no code of
 * the optional features, and a site using one feature gains that feature's modules. Checked by
 * module name in the bundle's esbuild metafile (inputs that put bytes into the output), on the
 * sites `npm run bench:bundle` measures (bench/lib/feature-sites.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BARE, FEATURES, HONO_DOM, HONO_STRING } from '../bench/lib/feature-sites.ts';
import { createTestWorker } from '../src/testing/index.ts';
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
    expect(HONO_DOM.filter((module) => has(bare, module))).toEqual([]);
    // Its JSX is compiled templates and the server's own runtime: none of hono's string renderer.
    expect(HONO_STRING.filter((module) => has(bare, module))).toEqual([]);
    // It is a real server bundle: the handler, the renderer and the cookies are there.
    expect(has(bare, 'src/runtime/handler.ts') && has(bare, 'src/runtime/cookies.ts')).toBe(true);
  });

  it.each(FEATURES.filter((feature) => feature.modules.length > 0).map((feature) => [feature.name, feature] as const))(
    '%s: its modules join the bundle',
    async (_name, feature) => {
      const modules = await bundledModules({ ...BARE, ...feature.files });
      expect(feature.modules.filter((module) => !has(modules, module))).toEqual([]);
      expect((feature.absent ?? []).filter((module) => has(modules, module))).toEqual([]);
    },
    60_000,
  );
});

describe('a feature named only at run time is not bundled, and says so', () => {
  // Names the build cannot see: assembled from pieces when the page runs.
  const hidden = (name: string, use: string): string =>
    `import type { PageContext } from 'edgepress';\nexport const prerender = false;\nexport default (ctx: PageContext) => {\n  const feature = (ctx as unknown as Record<string, any>)[${JSON.stringify(name.split(''))}.join('')];\n  ${use}\n};\n`;

  it('ctx.cache and ctx.rewrite answer 500 with a NotBundledError naming the fix', async () => {
    const root = makeSite(null, {
      ...BARE,
      'edgepress.config.ts': BARE['edgepress.config.ts']!.replace("'cloudflare'", "'node'"),
      'routes/cached.tsx': hidden('cache', "feature.set({ maxAge: 60 });\n  return <p>cached</p>;"),
      'routes/alias.tsx': hidden('rewrite', "return feature('/visits');"),
    });
    roots.push(root);
    const result = await build(root);
    const modules = result.bundle.largest.filter((input) => input.bytes > 0).map((input) => input.path);
    expect([has(modules, 'src/runtime/cache/cache-flow.ts'), has(modules, 'src/runtime/rewrite.ts')]).toEqual([false, false]);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await using worker = await createTestWorker({ root, runtime: 'node' });
      const cached = await worker.fetch('/cached', { headers: { accept: 'text/html' } });
      const alias = await worker.fetch('/alias', { headers: { accept: 'text/html' } });
      expect([cached.status, alias.status]).toEqual([500, 500]);
      const text = logged.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
      expect(text).toMatch(/NotBundledError: ctx\.cache is not in this bundle: the build adds it when the config has routeRules/);
      expect(text).toMatch(/NotBundledError: rewrite\(\) is not in this bundle/);
    } finally {
      logged.mockRestore();
    }
  }, 60_000);
});

describe("hono's Suspense and ErrorBoundary without hono's string renderer", () => {
  const page = (imports: string, extra: string): string => `import { ${imports} } from 'hono/jsx';
export const prerender = false;
${extra}
const Late = async () => <p>{await new Promise((resolve) => setTimeout(() => resolve('late'), 5))}</p>;
const Fails = () => { throw new Error('planted'); };
export default () => <html><body><Suspense fallback={<i>wait</i>}><Late /></Suspense><ErrorBoundary fallback={<b>caught</b>}><Fails /></ErrorBoundary></body></html>;
`;

  it.each([
    ['only Suspense and ErrorBoundary: stand-ins, no hono renderer', 'Suspense, ErrorBoundary', '', false],
    ['with createContext (hono node classes): the real modules', 'Suspense, ErrorBoundary, createContext', "export const Ctx = createContext('x');", true],
  ] as const)('%s', async (_name, imports, extra, honoRenderer) => {
    const root = makeSite(null, { ...BARE, 'edgepress.config.ts': BARE['edgepress.config.ts']!.replace("'cloudflare'", "'node'"), 'routes/later.tsx': page(imports, extra) });
    roots.push(root);
    const result = await build(root);
    const modules = result.bundle.largest.filter((input) => input.bytes > 0).map((input) => input.path);
    expect(has(modules, 'hono/dist/jsx/base.js')).toBe(honoRenderer);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await using worker = await createTestWorker({ root, runtime: 'node' });
      const html = await (await worker.fetch('/later', { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('<template id="H:0"></template><i>wait</i><!--/$--><b>caught</b></body></html>');
      expect(html).toContain('<template data-hono-target="H:0"><p>late</p></template>');
    } finally {
      logged.mockRestore();
    }
  }, 60_000);
});

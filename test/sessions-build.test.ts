/**
 * Sessions at build time: a bundle whose code never reads `ctx.session` carries no session code
 * and asks for no KV binding (Astro #15802, #17640: a SESSION binding injected when unused); one
 * that reads it gets the driver (and, on Cloudflare, the binding). Sites live outside the repository.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview } from '../src/cli/preview.ts';
import { kvSessions } from '../adapters/cloudflare/session-kv.ts';
import { resolveConfig } from '../src/config.ts';
import { build, outsideSite as makeOutsideSite } from './helpers/site.ts';

const roots: string[] = [];
const site = (files: Record<string, string>): string => makeOutsideSite('sessions', files, roots);
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const CONFIG = `export default { output: 'server', session: { ttl: 3600 } };`;
// The middleware imports from 'edgepress', which also exports the session classes: they must not come along.
const PLAIN = {
  'edgepress.config.ts': CONFIG,
  'routes/_middleware.ts': "import { defineMiddleware } from 'edgepress';\nexport const onRequest = defineMiddleware((ctx, next) => next());",
  'routes/index.tsx': 'export default () => <p>no state here</p>;',
};
const wranglerJson = (root: string): { kv_namespaces?: Array<{ binding: string }> } => JSON.parse(readFileSync(join(root, 'dist/server/wrangler.json'), 'utf8'));
const bundle = (root: string): string => readFileSync(join(root, 'dist/server/index.js'), 'utf8');

describe('sessions in the build', () => {
  const sizes: Record<string, number> = {};

  it('a site that never reads ctx.session bundles no session code and asks for no KV binding, even with `session` configured', async () => {
    const root = site(PLAIN);
    const result = await build(root);
    sizes.without = result.bundle.gzipBytes;
    expect(wranglerJson(root).kv_namespaces ?? []).not.toContainEqual(expect.objectContaining({ binding: 'SESSION' }));
    expect(bundle(root)).not.toContain('edgepress-session');
    expect(bundle(root)).not.toContain('SessionValueError');
    expect(result.bundle.largest.map((i) => i.path).join(' ')).not.toMatch(/devalue/);
    expect(result.summary).not.toMatch(/SESSION/);
  });

  it('a site whose page reads ctx.session gets the KV driver and a SESSION binding in dist/server/wrangler.json', async () => {
    const root = site({
      ...PLAIN,
      'routes/index.tsx': "import type { PageContext } from 'edgepress';\nexport default async (ctx: PageContext) => <p>{String(await ctx.session.get('n'))}</p>;",
    });
    const result = await build(root);
    sizes.with = result.bundle.gzipBytes;
    expect(wranglerJson(root).kv_namespaces).toContainEqual({ binding: 'SESSION' });
    expect(bundle(root)).toContain('SESSION');
    expect(result.summary).toMatch(/sessions: KV namespace SESSION added to dist\/server\/wrangler\.json/);
    console.log(`server bundle (gzip): ${sizes.without} B without sessions, ${sizes.with} B with (+${sizes.with! - sizes.without!} B)`);
  });

  it('a renamed binding is the one asked for, and one the site binds is kept as written', async () => {
    const root = site({
      'edgepress.config.ts': `export default { output: 'server', session: { binding: 'VISITS' } };`,
      'wrangler.jsonc': '{ "name": "s", "kv_namespaces": [{ "binding": "VISITS", "id": "abc" }] }',
      'routes/_middleware.ts': "export const onRequest = async ({ session }, next) => { session.set('seen', true); return next(); };",
      'routes/index.tsx': 'export default () => <p>x</p>;',
    });
    await build(root);
    expect(wranglerJson(root).kv_namespaces).toEqual([{ binding: 'VISITS', id: 'abc' }]);
  });

  it('reading ctx.session on a prerendered route fails the build, naming the route and the fix', async () => {
    const root = site({
      'edgepress.config.ts': 'export default {};',
      'routes/index.tsx': "import type { PageContext } from 'edgepress';\nexport default async (ctx: PageContext) => <p>{String(await ctx.session.get('n'))}</p>;",
    });
    await expect(build(root)).rejects.toThrow(/PrerenderRequestDataError: \/ is prerendered but reads ctx\.session.*export const prerender = false/s);
  });

  it("session.driver 'kv' with a non-Cloudflare adapter fails the build with the fix", async () => {
    const root = site({ 'edgepress.config.ts': `export default { output: 'server', adapter: 'node', session: { driver: 'kv' } };`, 'routes/index.ts': 'export const GET = () => new Response("x");' });
    await expect(build(root)).rejects.toThrow(/edgepress\.config\.ts: session\.driver 'kv' is Workers KV.*use 'memory' or the path of a driver module/);
  });

  it('a driver module of the site stores the sessions (node)', async () => {
    const root = site({
      'edgepress.config.ts': `export default { output: 'server', adapter: 'node', session: { driver: './session-driver.ts', cookie: 'sid' } };`,
      'session-driver.ts': `const data = new Map();
export default () => ({
  async get(id) { return data.get(id) ?? null; },
  async set(id, value) { data.set(id, value); globalThis.writes = (globalThis.writes ?? 0) + 1; },
  async delete(id) { data.delete(id); },
});`,
      'routes/count.ts': `export const GET = async ({ session }) => {
  const n = ((await session.get('n')) ?? 0) + 1;
  session.set('n', n);
  return Response.json({ n, writes: globalThis.writes ?? 0 });
};`,
    });
    await build(root);
    const server = await startPreview(root, { adapter: 'node', port: 0 });
    try {
      const first = await fetch(server.url + '/count');
      const cookie = first.headers.getSetCookie()[0]!.split(';', 1)[0]!;
      expect(cookie).toMatch(/^sid=/);
      expect(await first.json()).toEqual({ n: 1, writes: 0 });
      expect(await (await fetch(server.url + '/count', { headers: { cookie } })).json()).toEqual({ n: 2, writes: 1 });
    } finally {
      await server.close();
    }
  }, 60_000);
});

/** Counts a visitor's requests in `s`, the session: the same body for each form of reaching it. */
const COUNT = "const n = ((await s.get('n')) ?? 0) + 1;\n  s.set('n', n);\n  return Response.json({ n });";
const NODE = { 'edgepress.config.ts': `export default { output: 'server', adapter: 'node' };` };

/** Builds `files` for node, then asks /count twice with the cookie the first answer set. */
async function countTwice(files: Record<string, string>): Promise<{ bundled: boolean; answers: unknown[] }> {
  const root = site({ ...NODE, ...files });
  await build(root);
  const bundled = bundle(root).includes('edgepress-session');
  const server = await startPreview(root, { adapter: 'node', port: 0 });
  try {
    const first = await fetch(server.url + '/count');
    const cookie = first.headers.getSetCookie()[0]?.split(';', 1)[0] ?? '';
    const answers = [first.status === 200 ? await first.json() : first.status];
    const second = await fetch(server.url + '/count', { headers: { cookie } });
    answers.push(second.status === 200 ? await second.json() : second.status);
    return { bundled, answers };
  } finally {
    await server.close();
  }
}

describe('every way to name the session bundles it (what works in dev works in production)', () => {
  const forms: Record<string, Record<string, string>> = {
    'a destructuring default, ({ session = x })': { 'routes/count.ts': `export const GET = async ({ session = null }) => {\n  const s = session;\n  ${COUNT}\n};` },
    "a computed key, ctx['session']": { 'routes/count.ts': `export const GET = async (ctx) => {\n  const s = ctx['session'];\n  ${COUNT}\n};` },
    "a key held in a variable, ctx[key]": { 'routes/count.ts': `const key = 'session';\nexport const GET = async (ctx) => {\n  const s = ctx[key];\n  ${COUNT}\n};` },
    'a helper in a package': {
      'node_modules/visit-counter/package.json': JSON.stringify({ name: 'visit-counter', type: 'module', main: 'index.js' }),
      'node_modules/visit-counter/index.js': `export async function count(ctx) {\n  const s = ctx.session;\n  ${COUNT}\n}`,
      'routes/count.ts': "import { count } from 'visit-counter';\nexport const GET = (ctx) => count(ctx);",
    },
  };
  for (const [form, files] of Object.entries(forms)) {
    it(form, async () => {
      expect(await countTwice(files)).toEqual({ bundled: true, answers: [{ n: 1 }, { n: 2 }] });
    }, 60_000);
  }

  it('the word alone does not: a comment, a type and a variable called session bundle nothing', async () => {
    const root = site({
      ...NODE,
      'routes/count.ts': "// no ctx.session here\ninterface Shape { session: string }\nexport const GET = () => {\n  const session: Shape['session'] = 'none';\n  return new Response(session);\n};",
    });
    await build(root);
    expect(bundle(root)).not.toContain('edgepress-session');
  });
});

describe('session config and drivers', () => {
  it('refuses bad session options with the key and the fix', () => {
    expect(() => resolveConfig({ session: { ttl: 5 } })).toThrow(/`session\.ttl` must be a whole number of seconds, 60 or more/);
    expect(() => resolveConfig({ session: { cookie: { name: 'a b' } } })).toThrow(/`session\.cookie\.name` is "a b"/);
    expect(() => resolveConfig({ session: { store: 'x' } })).toThrow(/unknown option `session\.store`/);
    expect(() => resolveConfig({ session: { binding: 'my-kv' } })).toThrow(/`session\.binding` must be a binding name/);
  });

  it('a missing KV binding is a SessionStoreError saying how to add it', () => {
    expect(() => kvSessions('SESSION')({})).toThrow(/ctx\.session needs a Workers KV namespace bound as SESSION.*wrangler kv namespace create SESSION/);
  });
});

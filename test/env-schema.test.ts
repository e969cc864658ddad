/**
 * `env: { schema }`: values checked once per isolate before the first request (missing,
 * malformed, present; development and production builds, in workerd), parsed into ctx.env and
 * worker.ts handlers, `edgepress build --check-env` against .dev.vars, and `edgepress:env` in a
 * client bundle: public values inlined, a secret refused at its import.
 */
import { build as esbuild } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { defineConfig, type SiteEnv } from '../src/index.ts';
import { resolveConfig } from '../src/config.ts';
import { envModulePlugin } from '../src/build/env-plugin.ts';
import { readEnv } from '../src/runtime/env/read-env.ts';
import { createTestWorker } from '../src/testing/index.ts';
import { build, outsideSite } from './helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const CONFIG = `export default {
  output: 'server',
  env: {
    schema: {
      API_KEY: { type: 'string', access: 'secret' },
      PAGE_SIZE: { type: 'number', access: 'public', default: 10 },
      BETA: { type: 'boolean', access: 'public', optional: true },
      THEME: { type: 'enum', values: ['light', 'dark'], access: 'public', default: 'light' },
    },
  },
};
`;

const SITE = {
  'edgepress.config.ts': CONFIG,
  'wrangler.jsonc': '{ "name": "env-site", "compatibility_date": "2026-04-01", "vars": { "THEME": "dark" } }',
  'routes/env.ts': `export const GET = ({ env }: { env: any }) =>
  Response.json({ key: env.API_KEY, size: env.PAGE_SIZE, beta: env.BETA ?? null, theme: env.THEME, sizeType: typeof env.PAGE_SIZE });
`,
};

const schema = resolveConfig({ env: { schema: { API_KEY: { type: 'string' }, PAGE_SIZE: { type: 'number', access: 'public', default: 10 }, THEME: { type: 'enum', values: ['light', 'dark'], access: 'public' } } } }).env;

describe('readEnv', () => {
  it('parses present values, applies defaults, names missing and malformed ones', () => {
    expect(readEnv(schema, { API_KEY: 'k', PAGE_SIZE: '25', THEME: 'dark' })).toEqual({ values: { API_KEY: 'k', PAGE_SIZE: 25, THEME: 'dark' }, problems: [] });
    expect(readEnv(schema, { API_KEY: 'k', THEME: 'light' }).values.PAGE_SIZE).toBe(10);
    expect(readEnv(schema, { PAGE_SIZE: 'many', THEME: 'blue' }).problems.map((p) => p.message)).toEqual([
      'API_KEY is required (a string, secret) but not set',
      'PAGE_SIZE is "many", which is not a number',
      "THEME is \"blue\", which is not one of 'light', 'dark'",
    ]);
  });

  it('refuses a bad schema in the config, naming the key and the fix', () => {
    expect(() => resolveConfig({ env: { schema: { X: { type: 'date' } } } })).toThrow("edgepress.config.ts: env.schema.X: `type` is \"date\"; use 'string', 'number', 'boolean' or 'enum'.");
    expect(() => resolveConfig({ env: { schema: { X: { type: 'number', default: '3' } } } })).toThrow('edgepress.config.ts: env.schema.X: `default` is "3", which is not a number.');
    expect(() => resolveConfig({ env: { schema: { X: { type: 'enum' } } } })).toThrow("env.schema.X: an enum needs `values`");
  });
});

describe('ctx.env types from the schema', () => {
  it('gives parsed types, optional ones possibly undefined, over the wrangler types', () => {
    const config = defineConfig({ env: { schema: { SIZE: { type: 'number', default: 1 }, MODE: { type: 'enum', values: ['a', 'b'], optional: true }, KEY: { type: 'string' } } } });
    type Env = SiteEnv<typeof config, { KV: KVNamespace; SIZE: string }>;
    expectTypeOf<Env['SIZE']>().toEqualTypeOf<number>();
    expectTypeOf<Env['MODE']>().toEqualTypeOf<'a' | 'b' | undefined>();
    expectTypeOf<Env['KEY']>().toEqualTypeOf<string>();
    expectTypeOf<Env['KV']>().toEqualTypeOf<KVNamespace>();
    expect(config.env?.schema.SIZE.type).toBe('number');
  });
});

describe('env schema in workerd', () => {
  it('a production build: present values are parsed into ctx.env', async () => {
    const root = outsideSite('env-ok', { ...SITE, '.dev.vars': 'API_KEY=s3cret\nPAGE_SIZE=25\nBETA=true\n' }, roots);
    await using site = await createTestWorker({ root, build: true });
    expect(await (await site.fetch('/env')).json()).toEqual({ key: 's3cret', size: 25, beta: true, theme: 'dark', sizeType: 'number' });
  });

  it('a production build: a missing value answers the plain 500 and logs one line naming it, once', async () => {
    const root = outsideSite('env-missing', { ...SITE, '.dev.vars': 'PAGE_SIZE=25\n' }, roots);
    await using site = await createTestWorker({ root, build: true });
    const first = await site.fetch('/env', { headers: { accept: 'text/html' } });
    expect(first.status).toBe(500);
    const body = await first.text();
    expect(body).toContain('500 Internal Server Error');
    expect(body).not.toContain('API_KEY');
    expect((await site.fetch('/env')).status).toBe(500);
    const logs = await site.waitForLog(/API_KEY/);
    expect(logs.match(/\[edgepress\] API_KEY is required \(a string, secret\) but not set \(env\.schema in edgepress\.config\.ts\)/g)).toHaveLength(1);
  });

  it('a development build: a malformed value answers a 500 page naming it and the fix', async () => {
    const root = outsideSite('env-malformed', { ...SITE, '.dev.vars': 'API_KEY=k\nPAGE_SIZE=lots\n' }, roots);
    await build(root, { dev: true });
    await using site = await createTestWorker({ root, build: false });
    const response = await site.fetch('/env', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(500);
    const page = await response.text();
    expect(page).toContain('EnvError: PAGE_SIZE is &quot;lots&quot;, which is not a number (env.schema in edgepress.config.ts)');
    const info = JSON.parse(decodeURIComponent(response.headers.get('x-edgepress-error')!));
    expect(info.hint).toMatch(/^Set it in \.dev\.vars for development/);
  });

  it('worker.ts handlers get the parsed env too', async () => {
    const root = outsideSite(
      'env-worker',
      {
        ...SITE,
        '.dev.vars': 'API_KEY=k\nPAGE_SIZE=7\n',
        'wrangler.jsonc': '{ "name": "env-worker", "compatibility_date": "2026-04-01", "kv_namespaces": [{ "binding": "KV", "id": "x" }] }',
        'worker.ts': 'export default { async scheduled(_c: unknown, env: any) { await env.KV.put("size", typeof env.PAGE_SIZE + ":" + env.PAGE_SIZE); } };\n',
        'routes/size.ts': 'export const GET = async ({ env }: { env: any }) => new Response(await env.KV.get("size"));\n',
      },
      roots,
    );
    await using site = await createTestWorker({ root, build: true });
    await site.scheduled();
    expect(await (await site.fetch('/size')).text()).toBe('number:7');
  });
});

describe('edgepress build --check-env', () => {
  it('reports every missing or malformed variable against .dev.vars before building', async () => {
    const root = outsideSite('env-check', { ...SITE, '.dev.vars': 'PAGE_SIZE=x\n' }, roots);
    await expect(build(root, { checkEnv: true })).rejects.toThrow(
      '.dev.vars: API_KEY is required (a string, secret) but not set; PAGE_SIZE is "x", which is not a number. Set them in .dev.vars (or vars in the wrangler config), or change env.schema in edgepress.config.ts.',
    );
    const fine = outsideSite('env-check-ok', { ...SITE, '.dev.vars': 'API_KEY=k\n' }, roots);
    await expect(build(fine, { checkEnv: true })).resolves.toBeDefined();
  });
});

describe("'edgepress:env' in the site's client islands", () => {
  const island = (imports: string) => ({
    'edgepress.config.ts': CONFIG,
    '.dev.vars': 'API_KEY=never-shipped\n',
    'islands/theme.tsx': `import { ${imports} } from 'edgepress:env';\nexport default function Theme() { return <p>{String(${imports.split(',')[0]})}</p>; }\n`,
    'routes/index.tsx': "import Theme from '../islands/theme.tsx';\nexport const prerender = true;\nexport default () => <Theme />;\n",
  });

  it('a public value is inlined in the island module', async () => {
    const root = outsideSite('env-island', island('PAGE_SIZE'), roots);
    await build(root);
    const files = readdirSync(join(root, 'dist/client/_edgepress')).filter((f) => f.endsWith('.js'));
    const code = files.map((f) => readFileSync(join(root, 'dist/client/_edgepress', f), 'utf8')).join('\n');
    expect(code).not.toContain('never-shipped');
    expect(readFileSync(join(root, 'dist/client/index.html'), 'utf8')).toContain('<p>10</p>');
  });

  it('a secret imported by an island fails the build at its import', async () => {
    const root = outsideSite('env-island-secret', island('API_KEY'), roots);
    await expect(build(root)).rejects.toThrow(/islands\/theme\.tsx: 1:9: API_KEY is a secret \(env\.schema in edgepress\.config\.ts\), so no bundle may import it/);
  });
});

describe("'edgepress:env' in a client bundle", () => {
  const clientSchema = resolveConfig({ env: { schema: { API_KEY: { type: 'string' }, PUBLIC_URL: { type: 'string', access: 'public' }, PAGE_SIZE: { type: 'number', access: 'public', default: 10 } } } }).env;
  const bundle = (root: string) =>
    esbuild({ entryPoints: ['client.ts'], absWorkingDir: root, bundle: true, write: false, format: 'esm', logLevel: 'silent', plugins: [envModulePlugin(clientSchema, { PUBLIC_URL: 'https://api.example.com', API_KEY: 'never-shipped' })] });

  it('inlines public values', async () => {
    const root = outsideSite('env-client', { 'client.ts': "import { PUBLIC_URL, PAGE_SIZE } from 'edgepress:env';\nconsole.log(PUBLIC_URL, PAGE_SIZE);\n" }, roots);
    const out = (await bundle(root)).outputFiles[0]!.text;
    expect(out).toContain('"https://api.example.com"');
    expect(out).toContain('10');
  });

  it('fails the build when client code imports a secret, naming it, the file and line, and the fix', async () => {
    const root = outsideSite('env-client-secret', { 'client.ts': "import { PUBLIC_URL } from 'edgepress:env';\nimport { API_KEY } from 'edgepress:env';\nfetch(PUBLIC_URL, { headers: { key: API_KEY } });\n" }, roots);
    const error = (await bundle(root).catch((e: unknown) => e)) as { errors: Array<{ text: string; location: { file: string; line: number } }> };
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]!.text).toBe(
      "API_KEY is a secret (env.schema in edgepress.config.ts), so no bundle may import it: client code would ship it to every visitor. Read it on the server from ctx.env.API_KEY, or make it access: 'public' if it is not secret.",
    );
    expect(error.errors[0]!.location).toMatchObject({ file: 'client.ts', line: 2, lineText: "import { API_KEY } from 'edgepress:env';" });
  });
});

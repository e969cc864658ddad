/**
 * `edgepress/testing`'s createTestWorker, as a site's own tests use it: the bindings of the
 * wrangler config in workerd (vars, .dev.vars, KV, D1, R2), builds reused while nothing
 * changed, and the in-process node runtime.
 */
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestWorker } from '../src/testing/index.ts';
import { build, outsideSite } from './helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const BINDINGS = {
  'wrangler.jsonc': `{
    // every kind of binding a test worker gets from the site's config
    "name": "bindings",
    "compatibility_date": "2026-04-01",
    "vars": { "GREETING": "hello" },
    "kv_namespaces": [{ "binding": "KV", "id": "x" }],
    "d1_databases": [{ "binding": "DB", "database_name": "db", "database_id": "y" }],
    "r2_buckets": [{ "binding": "BUCKET", "bucket_name": "b" }],
  }`,
  '.dev.vars': 'SECRET="from dev vars"\n',
  'routes/index.tsx': 'export default () => <h1>home</h1>;\n',
  'routes/env.ts': `export const prerender = false;
export const GET = async ({ env }: { env: any }) => {
  await env.BUCKET.put('file.txt', 'stored in R2');
  const row = await env.DB.prepare('select 6 * 7 as answer').first();
  return Response.json({
    greeting: env.GREETING,
    secret: env.SECRET,
    kv: await env.KV.get('seeded'),
    d1: row.answer,
    r2: await (await env.BUCKET.get('file.txt')).text(),
  });
};
`,
};

describe('createTestWorker in workerd', () => {
  it('gives the site every binding of its wrangler config, .dev.vars and seeded KV', async () => {
    const root = outsideSite('testing', BINDINGS, roots);
    await using site = await createTestWorker({ root, kv: { KV: { seeded: 'from the test' } } });
    expect(await (await site.fetch('/env')).json()).toEqual({ greeting: 'hello', secret: 'from dev vars', kv: 'from the test', d1: 42, r2: 'stored in R2' });
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const home = await site.fetch(new Request('https://example.com/?x=1'));
    expect(await home.text()).toBe('<h1>home</h1>');
  });

  it('reuses an up-to-date build, and builds again after a file of the site changes', async () => {
    const root = outsideSite('testing-reuse', { 'routes/index.tsx': 'export default () => <h1>one</h1>;\n' }, roots);
    const stamp = join(root, 'dist/server/build.json');
    {
      await using site = await createTestWorker({ root });
      expect(await (await site.fetch('/')).text()).toBe('<h1>one</h1>');
    }
    const built = statSync(stamp).mtimeMs;
    {
      await using site = await createTestWorker({ root });
      expect(await (await site.fetch('/')).text()).toBe('<h1>one</h1>');
    }
    expect(statSync(stamp).mtimeMs).toBe(built);
    writeFileSync(join(root, 'routes/index.tsx'), 'export default () => <h1>two</h1>;\n');
    const later = new Date(built + 5_000);
    utimesSync(join(root, 'routes/index.tsx'), later, later);
    await using site = await createTestWorker({ root });
    expect(await (await site.fetch('/')).text()).toBe('<h1>two</h1>');
    expect(JSON.parse(readFileSync(stamp, 'utf8'))).toEqual({ adapter: 'cloudflare', dev: false });
  });

  it("leaves a non-Cloudflare site's own dist/ as built: the test build goes to dist/.test-workerd", async () => {
    const root = outsideSite(
      'testing-other-adapter',
      {
        'edgepress.config.ts': "export default { adapter: 'node' };\n",
        'routes/index.tsx': 'export default () => <h1>node site</h1>;\n',
        'routes/now.ts': "export const prerender = false;\nexport const GET = () => new Response('on demand');\n",
      },
      roots,
    );
    // What `npm run build` made for the adapter, and what it deploys.
    await build(root);
    const own = join(root, 'dist/server/index.js');
    const before = readFileSync(own, 'utf8').length;
    expect(JSON.parse(readFileSync(join(root, 'dist/server/build.json'), 'utf8')).adapter).toBe('node');
    {
      await using site = await createTestWorker({ root });
      expect(await (await site.fetch('/')).text()).toBe('<h1>node site</h1>');
      expect(await (await site.fetch('/now')).text()).toBe('on demand');
    }
    expect(readFileSync(own, 'utf8').length).toBe(before);
    expect(JSON.parse(readFileSync(join(root, 'dist/server/build.json'), 'utf8')).adapter).toBe('node');
    const stamp = join(root, 'dist/.test-workerd/server/build.json');
    expect(JSON.parse(readFileSync(stamp, 'utf8')).adapter).toBe('cloudflare');
    // Reused while nothing changed.
    const built = statSync(stamp).mtimeMs;
    await using again = await createTestWorker({ root });
    expect(await (await again.fetch('/now')).text()).toBe('on demand');
    expect(statSync(stamp).mtimeMs).toBe(built);
  });

  it('turns a missing wrangler into the package to install', async () => {
    const { MissingPeerError } = await import('../src/testing/index.ts');
    const error = new MissingPeerError('wrangler', 'edgepress/testing (it runs the site in workerd)');
    expect(error.message).toBe("edgepress/testing (it runs the site in workerd) needs the package 'wrangler', which is not installed in this project. Add it with: npm install -D wrangler");
  });
});

describe("createTestWorker({ runtime: 'node' })", () => {
  it('imports the node build into the test process: pages, endpoints, env, the 404 page', async () => {
    const root = outsideSite(
      'testing-node',
      {
        'routes/index.tsx': 'export default () => <h1>home</h1>;\n',
        'routes/404.tsx': 'export default () => <h1>lost</h1>;\n',
        'routes/hello.ts': "export const prerender = false;\nexport const GET = ({ env, url }: { env: any; url: URL }) => new Response(`${env.WHO} at ${url.pathname}`);\n",
      },
      roots,
    );
    await using site = await createTestWorker({ root, runtime: 'node', bindings: { WHO: 'node' } });
    expect(site.url).toBe('http://localhost');
    expect(await (await site.fetch('/')).text()).toBe('<h1>home</h1>');
    expect(await (await site.fetch('/hello')).text()).toBe('node at /hello');
    const missing = await site.fetch('/nope');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('<h1>lost</h1>');
    // Its build lives apart from dist/ (the Cloudflare build tests and dev use).
    expect(JSON.parse(readFileSync(join(root, 'dist/.test-node/server/build.json'), 'utf8')).adapter).toBe('node');

    // An edit is seen by the next worker of the same test process.
    writeFileSync(join(root, 'routes/hello.ts'), "export const prerender = false;\nexport const GET = () => new Response('edited');\n");
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'routes/hello.ts'), later, later);
    await using again = await createTestWorker({ root, runtime: 'node' });
    expect(await (await again.fetch('/hello')).text()).toBe('edited');
  });
});

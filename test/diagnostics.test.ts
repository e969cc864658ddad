/**
 * Build errors a site outside the repo gets: Node builtins in on-demand code (with the chain of
 * imports and whether nodejs_compat covers them), missing files and packages, and a start-up
 * check that reports one line.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { build, outsideSite as makeOutsideSite } from './helpers/site.ts';
import { createTestWorker } from '../src/testing/index.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const outsideSite = (files: Record<string, string>): string => makeOutsideSite('diag', files, roots);

async function buildError(root: string, options: Parameters<typeof build>[1] = {}): Promise<Error> {
  const error = await build(root, options).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the build should have failed').toBeInstanceOf(Error);
  return error!;
}

const READS_FILE = {
  'routes/report.tsx': "import { size } from './_lib/data.ts';\nexport const prerender = false;\nexport default () => <p>{size()}</p>;\n",
  'routes/_lib/data.ts': "import { statSync } from 'node:fs';\nexport const size = () => statSync('/').size;\n",
};

describe('a Node builtin in on-demand code', () => {
  it('fails the Cloudflare build naming the route, the chain of imports and the nodejs_compat fix', async () => {
    const root = outsideSite({ ...READS_FILE, 'wrangler.jsonc': '{ "name": "diag", "compatibility_date": "2026-04-01" }' });
    const error = await buildError(root);
    expect(error.name).toBe('BuildError');
    expect(error.message).toBe(
      'routes/report.tsx: imports node:fs, which Cloudflare Workers without the nodejs_compat flag does not provide: ' +
        'routes/report.tsx -> routes/_lib/data.ts -> node:fs. ' +
        `Cloudflare's nodejs_compat flag covers node:fs: add "compatibility_flags": ["nodejs_compat"] to wrangler.jsonc.`,
    );
  });

  it('builds with nodejs_compat, and workerd runs the route', async () => {
    const root = outsideSite({
      'routes/join.ts': "import { posix } from 'path';\nexport const prerender = false;\nexport const GET = () => new Response(posix.join('/a', 'b'));\n",
      'wrangler.jsonc': '{ "name": "diag", "compatibility_date": "2026-04-01", "compatibility_flags": ["nodejs_compat"] }',
    });
    await using site = await createTestWorker({ root });
    const response = await site.fetch('/join');
    expect(await response.text()).toBe('/a/b');
  });

  it('says when nodejs_compat does not cover a module', async () => {
    const root = outsideSite({
      'routes/spawn.ts': "import { spawn } from 'node:child_process';\nexport const prerender = false;\nexport const GET = () => new Response(typeof spawn);\n",
      'wrangler.toml': 'name = "diag"\ncompatibility_flags = ["nodejs_compat"]\n',
    });
    const error = await buildError(root);
    expect(error.message).toMatch(/^routes\/spawn\.ts: imports node:child_process, which Cloudflare Workers \(nodejs_compat\) does not provide: routes\/spawn\.ts -> node:child_process\. nodejs_compat does not cover node:child_process/);
  });

  it('is refused by the Vercel Edge build, accepted by Deno and Node, and fine in a prerendered route', async () => {
    const root = outsideSite(READS_FILE);
    expect((await buildError(root, { adapter: 'vercel' })).message).toMatch(/^routes\/report\.tsx: imports node:fs, which the Vercel Edge Runtime does not provide: routes\/report\.tsx -> routes\/_lib\/data\.ts -> node:fs\./);
    await expect(build(root, { adapter: 'deno' })).resolves.toBeDefined();
    await expect(build(root, { adapter: 'node' })).resolves.toBeDefined();
    const prerendered = outsideSite({ ...READS_FILE, 'routes/report.tsx': READS_FILE['routes/report.tsx'].replace('export const prerender = false;\n', '') });
    await expect(build(prerendered)).resolves.toBeDefined();
  });
});

describe('unresolved imports', () => {
  it('name the file relative to the site and the missing file', async () => {
    const root = outsideSite({ 'routes/index.tsx': "import { x } from './_lib/nope.ts';\nexport default () => <p>{x}</p>;\n" });
    expect((await buildError(root)).message).toBe('routes/index.tsx: 1:18: Could not resolve "./_lib/nope.ts": no such file; fix the import path.');
  });

  it('name the package to install', async () => {
    const root = outsideSite({ 'routes/index.tsx': "import pad from '@scope/left-pad/index.js';\nexport default () => <p>{pad}</p>;\n" });
    expect((await buildError(root)).message).toBe(
      "routes/index.tsx: 1:16: Could not resolve \"@scope/left-pad/index.js\": the package '@scope/left-pad' is not installed in the site; add it with: npm install @scope/left-pad",
    );
  });
});

describe('the start-up check', () => {
  it('reports a module that throws at start-up in one line, never the bundle', async () => {
    const root = outsideSite({
      'routes/boom.ts': "export const prerender = false;\nif (!globalThis.NOT_THERE) throw new TypeError('no NOT_THERE at start-up');\nexport const GET = () => new Response('x');\n",
    });
    const result = await build(root);
    const warning = result.warnings.find((w) => w.startsWith('start-up not measured'));
    expect(warning).toBe('start-up not measured: the server module could not be evaluated in Node (routes/boom.ts threw TypeError: no NOT_THERE at start-up).');
  });
});

/** `edgepress add <adapter>`: switches the adapter and writes the platform config, only with consent. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSite, removeSite, REPO } from '../helpers/site.ts';
import { build } from '../helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

function site(files: Record<string, string> = {}): string {
  const root = makeSite(null, { 'routes/index.tsx': 'export default () => <html><body><h1>hi</h1></body></html>;\n', ...files });
  roots.push(root);
  return root;
}

/** Runs the real CLI with stdin not a terminal. */
function edgepress(root: string, ...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [join(REPO, 'bin/edgepress.js'), ...args, '--root', root], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: '' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('edgepress add', () => {
  it('shows the diff but writes nothing without --yes when nobody can answer', () => {
    const root = site();
    const run = edgepress(root, 'add', 'netlify');
    expect(run.status).toBe(1);
    expect(run.out).toContain("+   adapter: 'netlify',");
    expect(run.out).toContain('+++ b/netlify.toml');
    expect(run.out).toContain('--yes');
    expect(existsSync(join(root, 'edgepress.config.ts'))).toBe(false);
    expect(existsSync(join(root, 'netlify.toml'))).toBe(false);
  });

  it('creates the config and netlify.toml with --yes, and the site then builds for Netlify', async () => {
    const root = site();
    expect(edgepress(root, 'add', 'netlify', '--yes').status).toBe(0);
    expect(readFileSync(join(root, 'edgepress.config.ts'), 'utf8')).toContain("adapter: 'netlify'");
    expect(readFileSync(join(root, 'netlify.toml'), 'utf8')).toMatch(/publish = "dist\/netlify\/publish"/);
    const result = await build(root);
    expect(result.config.adapter).toBe('netlify');
    expect(existsSync(join(root, 'dist/netlify/publish/index.html'))).toBe(true);
    expect(existsSync(join(root, '.netlify/edge-functions/manifest.json'))).toBe(true);
  });

  it('switches an existing adapter and keeps the rest of the config and wrangler.toml', () => {
    const root = site({
      'edgepress.config.ts': "import { defineConfig } from 'edgepress';\n\nexport default defineConfig({\n  output: 'server',\n  adapter: 'cloudflare',\n});\n",
      'wrangler.toml': 'name = "mine"\ncompatibility_date = "2026-01-01"\n\n[[kv_namespaces]]\nbinding = "PRODUCTS"\nid = "abc"\n',
    });
    expect(edgepress(root, 'add', 'cloudflare-kv', '--yes').status).toBe(0);
    expect(readFileSync(join(root, 'edgepress.config.ts'), 'utf8')).toBe(
      "import { defineConfig } from 'edgepress';\n\nexport default defineConfig({\n  output: 'server',\n  adapter: 'cloudflare-kv',\n});\n",
    );
    const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8');
    expect(toml.startsWith('name = "mine"\ncompatibility_date = "2026-01-01"\nmain = "dist/server/index.js"\n')).toBe(true);
    expect(toml).toContain('binding = "PRODUCTS"');
    expect(toml).toMatch(/binding = "ASSETS_KV"/);
    // A second run has nothing left to do.
    const again = edgepress(root, 'add', 'cloudflare-kv');
    expect(again.status).toBe(0);
    expect(again.out).toContain('nothing to change');
  });

  it('edits a wrangler.jsonc in place, keeping its comments, and writes no wrangler.toml', async () => {
    const jsonc = '// my worker\n{\n  "name": "mine", // the name\n  "compatibility_date": "2026-01-01",\n  "kv_namespaces": [{ "binding": "PRODUCTS", "id": "abc" }],\n}\n';
    const root = site({ 'wrangler.jsonc': jsonc });
    expect(edgepress(root, 'add', 'cloudflare', '--yes').status).toBe(0);
    expect(readFileSync(join(root, 'wrangler.jsonc'), 'utf8')).toBe(jsonc);
    expect(edgepress(root, 'add', 'cloudflare-kv', '--yes').status).toBe(0);
    const edited = readFileSync(join(root, 'wrangler.jsonc'), 'utf8');
    expect(edited).toContain('// my worker');
    expect(edited).toContain('"name": "mine", // the name');
    expect(edited).toMatch(/"binding": "PRODUCTS",\s*"id": "abc"\s*\},\s*\{\s*"binding": "ASSETS_KV",\s*"id": "0{32}"\s*\}/);
    expect(existsSync(join(root, 'wrangler.toml'))).toBe(false);
    await build(root);
    const config = JSON.parse(readFileSync(join(root, 'dist/server/wrangler.json'), 'utf8'));
    expect(config.kv_namespaces.map((ns: { binding: string }) => ns.binding)).toEqual(['PRODUCTS', 'ASSETS_KV']);
  });

  it('rejects an unknown adapter by naming the ones there are', () => {
    const run = edgepress(site(), 'add', 'heroku', '--yes');
    expect(run.status).toBe(1);
    expect(run.out).toContain('cloudflare, cloudflare-kv, deno, vercel, netlify, bun, node');
  });
});

describe('the Worker name written for a site', () => {
  it('is what wrangler accepts, whatever the folder is called', async () => {
    const { workerName } = await import('../../adapters/cloudflare/wrangler-config.ts');
    expect(workerName('/tmp/.dev-reload-AbC')).toBe('dev-reload-abc');
    expect(workerName('/home/me/My Site_2!')).toBe('my-site-2');
    expect(workerName('/tmp/___')).toBe('edgepress-site');
  });
});

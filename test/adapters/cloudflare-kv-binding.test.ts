/** cloudflare-kv deployed without its ASSETS_KV binding: a clear log line, 404s, and on-demand routes still answer. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, makeSite, removeSite } from '../helpers/site.ts';
import { startWorkerd, type RunningSite } from '../helpers/workerd.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

describe('cloudflare-kv without the ASSETS_KV binding', () => {
  let root: string;
  let site: RunningSite;

  beforeAll(async () => {
    root = makeSite('adapters');
    await build(root, { adapter: 'cloudflare-kv' });
    // As if wrangler.toml lost its [[kv_namespaces]] entry.
    const file = join(root, 'dist/server/wrangler.json');
    const config = JSON.parse(readFileSync(file, 'utf8')) as { kv_namespaces?: Array<{ binding: string }> };
    config.kv_namespaces = (config.kv_namespaces ?? []).filter((ns) => ns.binding !== 'ASSETS_KV');
    writeFileSync(file, JSON.stringify(config));
    // Nor is anything to upload: a runner that seeds ASSETS_KV from it has no namespace to fill.
    rmSync(join(root, 'dist/server/kv-assets.json'));
    site = await startWorkerd(root);
  });
  afterAll(async () => {
    await site?.dispose();
    if (root) removeSite(root);
  });

  it('answers a static page with 404 (never a 500) and logs what to fix, once', async () => {
    for (const path of ['/about', '/style.css']) {
      const res = await site.fetch(path);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
    const logs = await site.waitForLog(/ASSETS_KV binding is missing/);
    expect(logs).toMatch(/\[edgepress\] the ASSETS_KV binding is missing, so static files and prerendered pages answer 404\. Add \[\[kv_namespaces\]\] with binding = "ASSETS_KV"/);
    expect(logs.match(/ASSETS_KV binding is missing/g)).toHaveLength(1);
  });

  it('still renders on-demand routes', async () => {
    const res = await site.fetch('/visit');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Visit 1</h1>');
  });
});

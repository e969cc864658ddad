/**
 * A static site (no on-demand route) that defers a component still runs its middleware for the
 * island request: the middleware was bundled only with an on-demand route, so auth and locals were
 * skipped (issue 21 item 7). In workerd and node.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndStart, type Runtime, type StartedSite } from './helpers/runtimes.ts';
import { makeSite, removeSite, withEnv } from './helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const KEY = Buffer.alloc(32, 9).toString('base64');

describe.each(['workerd', 'node'] as const)('a static site with islands in %s', (runtime: Runtime) => {
  let root: string;
  let site: StartedSite;

  beforeAll(async () => {
    root = makeSite('islands');
    // Only prerendered pages are left: the home page defers the visitor card.
    rmSync(join(root, 'routes/live.tsx'));
    site = await withEnv({ EDGEPRESS_KEY: KEY }, () => buildAndStart(root, runtime));
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    if (root) removeSite(root);
  });

  it("runs the middleware for the island request (its locals reach the island)", async () => {
    const home = await (await fetch(site.origin + '/')).text();
    const [, path, p] = /<template data-island="([^"]+)" data-p="([^"]+)"/.exec(home)!;
    const res = await fetch(`${site.origin}${path}?u=%2F&p=${p}`, { headers: { cookie: 'visitor=ana' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<b id="visitor">ana</b>');
    expect(html).toContain(', middleware)');
  });
});

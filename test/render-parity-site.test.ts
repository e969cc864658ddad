/**
 * Issue 22 through the public surface: the cases of test/fixtures/parity (one per way the
 * renderer used to differ from hono) served by a site built with compiled JSX and with
 * `jsx: { precompile: false }`, in workerd, prerendered (/prerendered/<name>, rendered by the
 * build) and on demand (/on-demand/<name>). Each settled page is what test/render-parity.test.ts
 * expects of the renderer alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARITY_EXPECTED } from './helpers/parity-expected.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';
import { hasBoundaryMarkers, settle } from './helpers/swaps.ts';
import { startWorkerd, type RunningSite } from './helpers/workerd.ts';

const OFF = { 'edgepress.config.ts': 'export default { jsx: { precompile: false } };\n' };
const sites: Record<'compiled' | 'runtime', { root?: string; site?: RunningSite }> = { compiled: {}, runtime: {} };

beforeAll(async () => {
  for (const [mode, files] of [['compiled', {}], ['runtime', OFF]] as const) {
    const root = makeSite('parity', files);
    sites[mode].root = root;
    await build(root);
    sites[mode].site = await startWorkerd(root);
  }
}, 120_000);
afterAll(async () => {
  for (const { root, site } of Object.values(sites)) {
    await site?.dispose();
    if (root) removeSite(root);
  }
});

for (const mode of ['compiled', 'runtime'] as const) {
  describe(`a site with ${mode} JSX renders what hono renders`, () => {
    for (const [name, expected] of Object.entries(PARITY_EXPECTED)) {
      it(name, async () => {
        for (const path of [`/prerendered/${name}`, `/on-demand/${name}`]) {
          const response = await sites[mode].site!.fetch(path);
          expect(response.status, path).toBe(200);
          const html = await response.text();
          expect(settle(html), path).toBe(expected.settled);
          if (expected.streamed !== undefined) expect(html.startsWith(expected.streamed), `${path}: ${html}`).toBe(true);
          expect(hasBoundaryMarkers(settle(html)), path).toBe(false);
        }
      });
    }
  });
}

/**
 * Issue 22: the renderer renders what hono renders, class by class, with compiled JSX, with
 * `jsx: { precompile: false }` (the server's JSX runtime) and with nodes made by hono's own runtime. test/fixtures/parity/routes/_cases.tsx is bundled both ways (as
 * a site's build does); each case's settled document (after the swap scripts ran) must be the
 * expected one, and, where no difference is deliberate, hono's own (`c.html()`'s path:
 * `toString()`, then its callbacks with the whole document as the buffer).
 * test/render-parity-site.test.ts serves the same cases from a built site in workerd.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrecompileCache } from '../src/build/jsx/precompile-plugin.ts';
import { bundleWithRenderer } from './helpers/precompile-bundle.ts';
import { REPO } from './helpers/site.ts';
import { hasBoundaryMarkers, settle } from './helpers/swaps.ts';
import { PARITY_EXPECTED, PARITY_NOT_HONO } from './helpers/parity-expected.ts';

const CASES = join(REPO, 'test/fixtures/parity/routes/_cases.tsx');
type Cases = { cases: Record<string, () => unknown> };
type Bundle = Awaited<ReturnType<typeof bundleWithRenderer<Cases>>>;

let dir: string;
/** Compiled templates and the server's JSX runtime (as a build makes them), the server's JSX runtime alone, hono's JSX runtime. */
const modes: Record<'compiled' | 'runtime' | 'hono', Bundle | undefined> = { compiled: undefined, runtime: undefined, hono: undefined };

beforeAll(async () => {
  mkdirSync(join(REPO, 'test/.tmp'), { recursive: true });
  dir = mkdtempSync(join(REPO, 'test/.tmp/parity-'));
  const cache = new PrecompileCache();
  modes.compiled = await bundleWithRenderer<Cases>(CASES, 'cases', join(dir, 'compiled.mjs'), cache);
  modes.runtime = await bundleWithRenderer<Cases>(CASES, 'cases', join(dir, 'runtime.mjs'), undefined);
  modes.hono = await bundleWithRenderer<Cases>(CASES, 'cases', join(dir, 'hono.mjs'), undefined, 'hono');
  expect(cache.totals().compiled).toBeGreaterThan(10);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ours(bundle: Bundle, name: string): Promise<string> {
  const errors: unknown[] = [];
  const html = await new Response(bundle.renderHtmlStream(bundle.cases[name]!(), { onError: (e) => errors.push(e) })).text();
  if (errors.length > 0) throw errors[0];
  return html;
}

/** hono's own rendering of its own nodes. */
async function hono(name: string): Promise<string> {
  const node = modes.hono!.cases[name]!() as { toString(): unknown };
  return String(await resolveCallback(await (node.toString() as string), HtmlEscapedCallbackPhase.Stringify, false, {}));
}

for (const mode of ['compiled', 'runtime', 'hono'] as const) {
  describe(`${mode} JSX renders what hono renders`, () => {
    for (const [name, expected] of Object.entries(PARITY_EXPECTED)) {
      it(name, async () => {
        const html = await ours(modes[mode]!, name);
        expect(settle(html)).toBe(expected.settled);
        if (expected.streamed !== undefined) expect(html.startsWith(expected.streamed), html).toBe(true);
        expect(hasBoundaryMarkers(settle(html))).toBe(false);
        if (!PARITY_NOT_HONO.has(name)) expect(settle(html)).toBe(await hono(name));
      });
    }
  });
}

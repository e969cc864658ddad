/**
 * Issues 4 and 16: the 5,000-`<li>` page rendered in this process by our renderer, compiled (as
 * a site's build makes it) and as runtime JSX (`jsx: { precompile: false }`, the server's JSX
 * runtime), vs hono's own `toString()` (the page bundled with hono's JSX runtime). CPU time per render (process.cpuUsage, steadier than wall time on a shared
 * machine), two ways: render only (to a string), and read to the end as a Response's bytes.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { siteBundleOptions, withHonoJsxRuntime } from '../../src/build/esbuild-options.ts';
import { PrecompileCache, precompilePlugin } from '../../src/build/jsx/precompile-plugin.ts';

interface PageModule {
  renderOurs(): Promise<ArrayBuffer>;
  renderHono(): Promise<ArrayBuffer>;
  renderOursString(): Promise<string>;
  renderHonoString(): Promise<string>;
}

/** big-page.tsx bundled for Node: compiled, the server's JSX runtime, or hono's JSX runtime. */
async function load(outDir: string, kind: 'compiled' | 'runtime' | 'hono'): Promise<PageModule> {
  const outfile = join(outDir, `big-page-${kind}.mjs`);
  const precompile = kind === 'compiled';
  const options = siteBundleOptions(import.meta.dirname);
  await build({
    ...(kind === 'hono' ? withHonoJsxRuntime(options) : options),
    entryPoints: [join(import.meta.dirname, 'big-page.tsx')],
    outfile,
    platform: 'node',
    plugins: precompile ? [precompilePlugin(new PrecompileCache())] : [],
  });
  return (await import(pathToFileURL(outfile).href)) as PageModule;
}

/** CPU µs per call of `fn` over about `ms` milliseconds (bounded by time and count). */
async function cpuPerCall(fn: () => Promise<unknown>, ms: number): Promise<number> {
  const end = performance.now() + ms;
  const before = process.cpuUsage();
  let n = 0;
  while (performance.now() < end && n < 100_000) {
    await fn();
    n++;
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

export interface BigPageResult {
  /** Render only (to a string), CPU µs per render. */
  render: { compiledUs: number; runtimeUs: number; honoUs: number };
  /** Read to the end as a Response's bytes, CPU µs per render. */
  bytes: { compiledUs: number; runtimeUs: number; honoUs: number };
  /** hono's render-only CPU over ours (compiled): the target. */
  ratio: number;
  identical: boolean;
  bytesLength: number;
}

/** Interleaved rounds, medians. */
export async function benchBigPage(outDir: string, rounds: number, ms: number): Promise<BigPageResult> {
  const compiled = await load(outDir, 'compiled');
  const runtime = await load(outDir, 'runtime');
  const honoPage = await load(outDir, 'hono');
  const text = (bytes: ArrayBuffer): string => new TextDecoder().decode(bytes);
  const hono = await honoPage.renderHonoString();
  const outputs = [await compiled.renderOursString(), await runtime.renderOursString(), text(await compiled.renderOurs()), text(await runtime.renderOurs()), text(await honoPage.renderHono())];
  const identical = outputs.every((html) => html === hono);
  const variants = {
    render: { compiledUs: compiled.renderOursString, runtimeUs: runtime.renderOursString, honoUs: honoPage.renderHonoString },
    bytes: { compiledUs: compiled.renderOurs, runtimeUs: runtime.renderOurs, honoUs: honoPage.renderHono },
  };
  const samples = new Map<() => Promise<unknown>, number[]>();
  for (const group of Object.values(variants)) for (const fn of Object.values(group)) for (let i = 0; i < 20; i++) await fn();
  for (let r = 0; r < rounds; r++) {
    for (const group of Object.values(variants)) {
      for (const fn of Object.values(group)) {
        const us = await cpuPerCall(fn, ms);
        samples.set(fn, [...(samples.get(fn) ?? []), us]);
      }
    }
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const pick = (group: Record<'compiledUs' | 'runtimeUs' | 'honoUs', () => Promise<unknown>>) => ({
    compiledUs: median(samples.get(group.compiledUs)!),
    runtimeUs: median(samples.get(group.runtimeUs)!),
    honoUs: median(samples.get(group.honoUs)!),
  });
  const render = pick(variants.render);
  return { render, bytes: pick(variants.bytes), ratio: render.honoUs / render.compiledUs, identical, bytesLength: hono.length };
}

/**
 * The start-up budget. A fresh Node process evaluates the built server module (what a cold
 * isolate does before its first request; the figure Cloudflare limits) and then loads each
 * on-demand route module once (route code is lazy, so its top-level work lands on the first
 * request to that route). Over `budget.startupMs`, the build fails naming the top contributors.
 *
 * Why not `wrangler check startup`: it works offline, but it rebundles the worker and adds
 * ~1.5 s and a wrangler process to every build, and its profile cannot see the lazy routes.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from '../config.ts';
import type { Manifest } from '../manifest.ts';
import { BuildError } from './build-error.ts';
import { bundleServer } from './bundle.ts';
import type { SiteWiring } from './site-wiring.ts';
import { CLOUDFLARE_SHIM_HOOKS } from './cloudflare-shim.ts';
import type { PrecompileCache } from './jsx/precompile-plugin.ts';

export interface StartupTimes {
  /** Evaluating the server module, in ms. */
  moduleMs: number;
  /** First load of each lazy module (route files, middleware), in ms, by file. */
  routes: Record<string, number>;
  /** moduleMs plus every route's first load. */
  totalMs: number;
}

export interface StartupCheckOptions {
  /** The wiring the server bundle was made with (routes, middleware, the parts it uses). */
  wiring: SiteWiring;
  manifest: Manifest;
  /** The built server module. */
  bundleFile: string;
  budget: ResolvedConfig['budget'];
  /** Scratch folder for the probe bundle. */
  tmpDir: string;
  /** The build's JSX precompile, so the probe loads the routes as they ship. */
  precompile?: PrecompileCache;
}

/** Thrown (as a BuildError) when start-up is over budget. */
export class StartupBudgetError extends BuildError {
  override name = 'StartupBudgetError';
}

/** The child: times `import(bundle)`, then each lazy module of the probe app. */
const PROBE_SCRIPT = `
// Arguments come by environment, not argv: an entry that starts a server when it is the main
// script (node, bun adapters) must not take the probe for its command line.
const { bundleUrl, probeUrl, middlewareName, shimHooks } = JSON.parse(process.env.EDGEPRESS_STARTUP_PROBE);
// A Worker's \`cloudflare:workers\` import gets the build's stand-in (Durable Object classes load).
(await import('node:module')).register('data:text/javascript,' + encodeURIComponent(shimHooks));
// Node loads its Web globals (fetch, Request, streams) and ESM loader lazily; a platform has them
// built in, so touch them first and time only the module's own work.
void [Request, Response, Headers, ReadableStream, WritableStream, TransformStream, TextEncoder, TextDecoder, URL,
  URLSearchParams, Blob, FormData, AbortController, crypto.subtle, structuredClone, fetch];
await import('data:text/javascript,export default 0');
let current = 'the server module';
try {
  const t0 = performance.now();
  await import(bundleUrl);
  const moduleMs = performance.now() - t0;
  const routes = {};
  if (probeUrl) {
    const app = (await import(probeUrl)).default;
    const loaders = Object.entries(app.modules);
    if (app.middleware) loaders.push([middlewareName, app.middleware]);
    for (const [file, load] of loaders) {
      current = file;
      const t = performance.now();
      await load();
      routes[file] = performance.now() - t;
    }
  }
  process.stdout.write(JSON.stringify({ moduleMs, routes }));
} catch (error) {
  // One line: the module and the error's own message, never the source line Node would quote.
  const message = String(error instanceof Error ? error.name + ': ' + error.message : error).split('\\n')[0].slice(0, 300);
  process.stdout.write(JSON.stringify({ error: current + ' threw ' + message }));
}
`;

/** An adapter entry whose "platform handler" is the app itself, so the probe can reach the lazy loaders. */
// `routeCache`: a site that may cache imports its provider from the adapter's entry (site-wiring.ts).
const PROBE_ENTRY = 'export function createEntry(app) { return app; }\nexport const routeCache = undefined;\n';

function runProbe(bundleFile: string, probeFile: string | undefined, middleware: string, timeoutMs: number): StartupTimes {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // no loaders (tsx) in the probe: only the built code is measured
  env.EDGEPRESS_STARTUP_PROBE = JSON.stringify({
    bundleUrl: pathToFileURL(bundleFile).href,
    probeUrl: probeFile ? pathToFileURL(probeFile).href : undefined,
    middlewareName: middleware,
    shimHooks: CLOUDFLARE_SHIM_HOOKS,
  });
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT], { env, encoding: 'utf8', timeout: timeoutMs });
  let result: (Omit<StartupTimes, 'totalMs'> & { error?: undefined }) | { error: string } | undefined;
  try {
    result = JSON.parse(child.stdout) as typeof result;
  } catch {
    result = undefined;
  }
  if (child.error || child.status !== 0 || !result || result.error !== undefined) {
    throw new Error(child.error?.message ?? result?.error ?? `the probe exited with code ${child.status}`);
  }
  const { moduleMs, routes } = result;
  let totalMs = moduleMs;
  for (const ms of Object.values(routes)) totalMs += ms;
  return { moduleMs, routes, totalMs };
}

/** Evaluates a built module in a fresh Node process and returns how long `import()` took, in ms. */
export function measureModuleStartup(file: string, timeoutMs = 30_000): number {
  return runProbe(file, undefined, '', timeoutMs).moduleMs;
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** The largest parts of a start-up, as text. */
export function startupContributors(times: StartupTimes, count = 5): string {
  const parts: Array<[string, number]> = [['server module evaluation', times.moduleMs]];
  for (const [file, t] of Object.entries(times.routes)) parts.push([`${file} (first load)`, t]);
  return parts
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, t]) => `${name} ${ms(t)}`)
    .join(', ');
}

/** One summary line: module evaluation and the routes' first loads. */
export function formatStartup(times: StartupTimes): string {
  const routeMs = times.totalMs - times.moduleMs;
  return `start-up: ${ms(times.moduleMs)} module + ${ms(routeMs)} first load of ${Object.keys(times.routes).length} lazy module(s)`;
}

/**
 * Measures start-up (the fastest of up to three runs, so a busy machine does not fail a
 * build) and throws StartupBudgetError over `budget.startupMs`. Returns the times, or a
 * warning when the module cannot be evaluated in Node (platform-only imports).
 */
export async function checkStartup(options: StartupCheckOptions): Promise<{ times?: StartupTimes; warning?: string }> {
  const { budget, wiring } = options;
  let probeFile: string | undefined;
  const lazy = wiring.routes.length > 0 || wiring.middleware !== undefined;
  if (lazy) {
    mkdirSync(options.tmpDir, { recursive: true });
    const entry = join(options.tmpDir, 'startup-probe-entry.js');
    writeFileSync(entry, PROBE_ENTRY);
    probeFile = join(options.tmpDir, 'startup-probe.mjs');
    await bundleServer({
      wiring,
      manifest: options.manifest,
      entry,
      outfile: probeFile,
      platform: 'node',
      minify: false,
      precompile: options.precompile,
      shimCloudflare: true,
    });
  }
  const middlewareName = wiring.middleware ?? '';
  const timeoutMs = Math.max(10_000, budget.startupMs * 20);
  let best: StartupTimes | undefined;
  try {
    for (let run = 0; run < 3; run++) {
      const times = runProbe(options.bundleFile, probeFile, middlewareName, timeoutMs);
      if (!best || times.totalMs < best.totalMs) best = times;
      if (best.totalMs <= budget.startupMs / 2) break;
    }
  } catch (error) {
    return { warning: `start-up not measured: the server module could not be evaluated in Node (${(error as Error).message}).` };
  }
  const times = best!;
  if (times.totalMs > budget.startupMs) {
    const file = relative(wiring.root, options.bundleFile) || options.bundleFile;
    throw new StartupBudgetError(
      file,
      `start-up takes ${ms(times.totalMs)}, over the ${ms(budget.startupMs)} budget (budget.startupMs). ` +
        `Top contributors: ${startupContributors(times)}. Move work out of module top level (do it per request, ` +
        `or at build time with a prerendered route), or import heavy dependencies only where they are used.`,
    );
  }
  return { times };
}

/**
 * Prerender: every prerendered route (and each getStaticPaths entry) through the real handler,
 * to files. The main thread lists the pages (getStaticPaths, ownership, clashes); worker threads
 * render and write them (prerender-pool.ts), or the main thread does when the build's bindings
 * are live (a platform proxy cannot cross to a thread) or the pages are too few to pay for one.
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from '../config.ts';
import type { RouteEntry } from '../manifest.ts';
import type { Params } from '../runtime/context.ts';
import { prerenderedFile } from '../runtime/paths.ts';
import { BuildError } from './build-error.ts';
import { frameworkModule } from './framework-paths.ts';
import { pageKeyer, reusable, type CacheRecord, type KeyInputs, type PageRecord } from './prerender-cache.ts';
import type { PageJob, PageSetting, PrerenderModule, WrittenPage } from './prerender-page.ts';
import { mainThreadRenderer, renderAll, startThreads, threadCount, type NumberedJob, type PageRenderer } from './prerender-pool.ts';
import type { PageOutcome } from './prerender-worker.ts';
import { describeValue, pathFromParams } from './route-segments.ts';
import { toEntry, type ScannedRoute } from './scan-routes.ts';

export interface PrerenderResult {
  /** Files written, relative to the client folder ('/about/index.html'). */
  files: string[];
  warnings: string[];
  /** Worker threads that rendered beside the main thread. */
  threads: number;
  /** Pages rendered by this build; the others were kept from the last one. */
  rendered: number;
  /** This build's record of each page (its key), for the next build. */
  record: Record<string, PageRecord>;
  /** Each page's size and ETag (relative to the site folder), so the asset manifest need not read it again. */
  pages: Map<string, WrittenPage>;
}

/** A page the build will write: its job and the route that makes it. */
export interface PlannedPage {
  job: PageJob;
  route: ScannedRoute;
  /** Its getStaticPaths entry as given (params and props), for the incremental build's key. */
  entry?: { params: Record<string, unknown>; props?: Record<string, unknown> };
}

function isMatchedByHigher(path: string, route: ScannedRoute, ordered: ScannedRoute[]): ScannedRoute | undefined {
  for (const other of ordered) {
    if (other === route) return undefined;
    if (new RegExp(other.regex).test(path)) return other;
  }
  return undefined;
}

/** Every page to prerender, in order: runs each dynamic route's getStaticPaths; clashes are BuildErrors naming the route. */
export async function planPages(mod: PrerenderModule, routes: ScannedRoute[], errorPages: ScannedRoute[], config: ResolvedConfig, env: unknown, warnings: string[]): Promise<PlannedPage[]> {
  const planned: PlannedPage[] = [];
  const taken = new Map<string, ScannedRoute>();
  const add = (route: ScannedRoute, path: string, file: string, params: Params, props: Record<string, unknown>, entry?: PlannedPage['entry']): void => {
    const previous = taken.get(file);
    if (previous) {
      throw new BuildError(route.file, `produces ${path}, which ${previous.file} also produces; make their getStaticPaths() lists disjoint.`);
    }
    taken.set(file, route);
    planned.push({ route, entry, job: { route: route.file, path, file, params, props, errorPage: errorPages.includes(route) } });
  };
  for (const route of [...routes, ...errorPages]) {
    if (!route.prerender) continue;
    if (errorPages.includes(route)) {
      add(route, route.pattern, `${route.pattern}.html`, {}, {});
      continue;
    }
    if (route.params.length === 0) {
      add(route, route.pattern, prerenderedFile(route.pattern, route, config.trailingSlash), {}, {}); // patterns are decoded text
      continue;
    }
    const module = await mod.modules[route.file]!();
    const getStaticPaths = module.getStaticPaths;
    if (typeof getStaticPaths !== 'function') {
      throw new BuildError(
        route.file,
        'a prerendered dynamic route needs `export function getStaticPaths()` listing every { params } to build; or make it on demand with `export const prerender = false`.',
      );
    }
    let entries: unknown;
    try {
      entries = await (getStaticPaths as (context: { env: unknown }) => unknown)({ env });
    } catch (error) {
      throw new BuildError(route.file, `getStaticPaths() threw: ${(error as Error).message}`);
    }
    if (!Array.isArray(entries)) throw new BuildError(route.file, 'getStaticPaths() must return an array of { params, props? }.');
    for (const entry of entries as Array<{ params?: Record<string, unknown>; props?: Record<string, unknown> }>) {
      if (!entry || typeof entry !== 'object' || !entry.params || typeof entry.params !== 'object') {
        throw new BuildError(route.file, `getStaticPaths() returned ${describeValue(entry)}; each entry must be { params: { ... }, props? }.`);
      }
      const path = pathFromParams(route.segments, entry.params, route.file);
      const owner = isMatchedByHigher(path, route, routes);
      if (owner && !owner.prerender) {
        warnings.push(`${route.file}: skipped ${path}, which ${owner.file} answers first.`);
        continue;
      }
      const params: Params = {};
      for (const name of route.params) {
        const value = entry.params[name];
        params[name] = value === undefined || value === '' ? undefined : String(value);
      }
      add(route, path, prerenderedFile(decodeURIComponent(path), route, config.trailingSlash), params, entry.props ?? {}, { params: entry.params, props: entry.props });
    }
  }
  return planned;
}

/** Props a thread receives unchanged: JSON-like data (plus Date, Map, Set); a class instance or a function stays in the main thread. */
export function crossesToThread(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  if (depth > 64) return false;
  const proto = Object.getPrototypeOf(value);
  if (value instanceof Date) return proto === Date.prototype;
  if (Array.isArray(value)) return proto === Array.prototype && value.every((v) => crossesToThread(v, depth + 1));
  if (value instanceof Map) return proto === Map.prototype && [...value].every(([k, v]) => crossesToThread(k, depth + 1) && crossesToThread(v, depth + 1));
  if (value instanceof Set) return proto === Set.prototype && [...value].every((v) => crossesToThread(v, depth + 1));
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((v) => crossesToThread(v, depth + 1));
}

/** The worker thread's code as one plain JS file in `dir` (the build's scratch folder). */
async function bundleWorker(dir: string): Promise<string> {
  const outfile = join(dir, `prerender-worker-${process.pid}.mjs`);
  await build({
    entryPoints: [frameworkModule('src/build/prerender-worker')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}

export interface PrerenderOptions {
  bundlePath: string;
  routes: ScannedRoute[];
  errorPages: ScannedRoute[];
  config: ResolvedConfig;
  /** dist/client plus the base path. */
  siteDir: string;
  /** The build's bindings (ctx.env and getStaticPaths({ env })); undefined: none. Pages then render in the main thread. */
  env?: Record<string, unknown>;
  /** The build's scratch folder (the worker's code goes there). */
  tmpDir: string;
  /** The incremental build: what keys a page, the last build's record (none: every page renders) and the last build's pages still in place (removed when no page makes them now). */
  cache?: { inputs: KeyInputs; previous?: CacheRecord; present: ReadonlySet<string>; publicDir: string };
}

/** Pages of the last build (`present`) that this one does not make (nor copies from public/): removed, with the folders they leave empty. */
function removeStale(siteDir: string, publicDir: string, present: ReadonlySet<string>, planned: PlannedPage[]): void {
  const now = new Set(planned.map((page) => page.job.file));
  for (const file of present) {
    if (now.has(file) || existsSync(join(publicDir, file))) continue;
    rmSync(join(siteDir, file), { force: true });
    for (let dir = dirname(join(siteDir, file)); dir.length > siteDir.length; dir = dirname(dir)) {
      if (readdirSync(dir).length > 0) break;
      rmdirSync(dir);
    }
  }
}

/** Runs the prerender module and writes each page into `siteDir`. */
export async function prerender(options: PrerenderOptions): Promise<PrerenderResult> {
  const { config, env } = options;
  const mod = (await import(pathToFileURL(options.bundlePath).href + `?t=${Date.now()}`)) as PrerenderModule;
  const warnings: string[] = [];
  const planned = await planPages(mod, options.routes, options.errorPages, config, env, warnings);
  // Per page, only what the record needs is kept (its key): 20,000 pages' worth of objects is most of the build's heap.
  const keys: Array<string | undefined> = new Array(planned.length);
  let todo = planned;
  if (options.cache) {
    const { previous, present } = options.cache;
    const keyOf = pageKeyer(options.cache.inputs);
    const stale: boolean[] = new Array(planned.length);
    for (let i = 0; i < planned.length; i++) {
      const page = planned[i]!;
      const pending = keyOf(page, mod);
      const key = pending instanceof Promise ? await pending : pending;
      keys[i] = key.key;
      stale[i] = !(previous && present.has(page.job.file) && reusable(previous.pages[page.job.file], key));
      page.entry = undefined; // keyed: the props the page renders with are in its job
    }
    removeStale(options.siteDir, options.cache.publicDir, present, planned);
    if (previous) todo = planned.filter((_page, i) => stale[i]);
  }
  // Each job is numbered in place (a copy per page cost 20,000 objects, each with a hidden class of its own).
  const jobs: NumberedJob[] = todo.map((page, id) => Object.assign(page.job, { id }));

  const routes: Record<string, RouteEntry> = {};
  for (const page of todo) routes[page.route.file] ??= toEntry(page.route);
  const setting: PageSetting = { origin: (config.site ?? 'http://localhost') + config.base.slice(0, -1), trailingSlash: config.trailingSlash, siteDir: options.siteDir };
  // Props a thread would receive changed (a class instance, a function) keep their page in the main thread.
  const threaded: NumberedJob[] = [];
  const local: NumberedJob[] = [];
  for (const job of jobs) (env === undefined && crossesToThread(job.props) ? threaded : local).push(job);
  const threads = threadCount(threaded.length);
  // Size and ETag of every page: as written now, or (below) as the last build wrote a kept one.
  const pages = new Map<string, WrittenPage>();
  const onWritten = (file: string, page: WrittenPage): void => void pages.set(file, page);
  // A page's outcome is kept only when it says something: a warning (by page, for their order) or a read.
  const pageWarnings = new Map<number, string>();
  const reads = new Set<string>();
  const done = (job: NumberedJob, outcome: PageOutcome): void => {
    if (outcome.warning) pageWarnings.set(job.id, outcome.warning);
    if (outcome.read) reads.add(job.file);
  };
  const main = mainThreadRenderer(mod, { routes, setting }, env, onWritten);
  const renderers: PageRenderer[] = [main];
  try {
    // The main thread renders too, between writing what the threads send.
    if (threads > 0) renderers.push(...(await startThreads(threads, await bundleWorker(options.tmpDir), { bundlePath: options.bundlePath, routes, setting }, onWritten)));
    await Promise.all([renderAll(threads > 0 ? threaded : [], renderers, done), renderAll(threads > 0 ? local : jobs, [main], done)]);
  } finally {
    await Promise.all(renderers.map((r) => r.close()));
  }
  for (const [, warning] of [...pageWarnings].sort(([a], [b]) => a - b)) warnings.push(warning);
  const record: Record<string, PageRecord> = {};
  const renderedFiles = new Set(todo.map((page) => page.job.file));
  planned.forEach((page, i) => {
    const key = keys[i];
    const file = page.job.file;
    const last = renderedFiles.has(file) ? undefined : options.cache?.previous?.pages[file];
    let bytes = pages.get(file);
    if (!bytes && last?.etag !== undefined && last.size !== undefined) pages.set(file, (bytes = { size: last.size, etag: last.etag }));
    const read = reads.has(file) || last?.reads === true;
    if (key) record[file] = { key, ...(read ? { reads: true as const } : {}), ...bytes };
  });
  return { files: planned.map((page) => page.job.file), warnings, threads, rendered: todo.length, record, pages };
}

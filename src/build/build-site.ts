/** The build: scan -> prerender -> adapter (bundle + platform files) -> budgets -> summary. */
import { routeCacheNote } from './route-cache-use.ts';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AdapterName, ResolvedConfig } from '../config.ts';
import type { Manifest } from '../manifest.ts';
import type { AssetManifest } from '../runtime/assets/asset-server.ts';
import type { Adapter, Builder } from './adapter.ts';
import { buildAssetManifest } from './asset-manifest.ts';
import { BuildError } from './build-error.ts';
import { bundlePrerender, bundleServer, type BundleInfo } from './bundle.ts';
import { prerenderEntrySource, wireSite, withRoutes, type IslandsWiring } from './site-wiring.ts';
import { clientIslands, clientIslandsNote } from './client/client-islands.ts';
import { checkEnv } from './check-env.ts';
import { setBuildEnv } from './cloudflare-shim.ts';
import { prerenderBindings, prerenderReadsEnv } from './prerender-bindings.ts';
import { checkSiteWorkerAdapter, findSiteWorker, type SiteWorker } from './site-worker.ts';
import { frameworkModule } from './framework-paths.ts';
import { loadConfig } from './load-config.ts';
import { prerender } from './prerender.ts';
import { keepOnly } from './client-dir.ts';
import { layoutOf, RECORD_VERSION, saveRecord, takeRecord, type CacheRecord } from './prerender-cache.ts';
import { scanRoutes, toEntry, type ScannedRoute } from './scan-routes.ts';
import { rankedRoutes, siteManifest } from './site-manifest.ts';
import { platformRedirects } from './platform-redirects.ts';
import { checkBudget } from './budget.ts';
import { checkStartup, formatStartup } from './startup-check.ts';
import { formatSummary } from './summary.ts';
import { formatPrecompile, PrecompileCache } from './jsx/precompile-plugin.ts';
import type { PrecompileStats } from './jsx/precompile.ts';
import { applyHashPolicies, type PageHeaders } from './csp-hashes.ts';
import { buildSiteStyles, formatStyles, graphFiles, styleWiring } from './styles/site-styles.ts';
import { styleImportsPlugin } from './styles/import-plugin.ts';

/** One summary line: the islands the server bundle answers. */
function islandsNote(islands: IslandsWiring, base: string): string {
  const ids = [...islands.files.values()].flat().map((call) => call.id);
  return `server islands: ${ids.length} at ${base}_islands/ (${ids.join(', ')})`;
}

export interface BuildOptions {
  root: string;
  /** Development build: unminified, stack traces in error pages. */
  dev?: boolean;
  /** Overrides the config's adapter. */
  adapter?: AdapterName;
  /** Print nothing. */
  quiet?: boolean;
  /** Where the output goes (default: `<root>/dist`); previews and wrangler look in dist/. */
  outDir?: string;
  /** Check `env.schema` against `.dev.vars` (and the wrangler config's vars) first; fail naming each bad variable. */
  checkEnv?: boolean;
}

/** dist/server/build.json: how dist/ was built (`preview` and `edgepress/testing` read it). */
export interface BuildStamp {
  adapter: AdapterName;
  dev: boolean;
}
export const BUILD_STAMP = 'build.json';

export interface BuildResult {
  config: ResolvedConfig;
  routes: ScannedRoute[];
  pages: string[];
  bundle: BundleInfo;
  warnings: string[];
  durationMs: number;
  summary: string;
  /** What the JSX precompile did over every bundled file; undefined when `jsx.precompile` is off. */
  jsx: PrecompileStats | undefined;
  /** Pages rendered by this build and kept from the last one (the incremental build), and the threads used. */
  prerendered?: PrerenderStats;
}

export interface PrerenderStats {
  rendered: number;
  kept: number;
  /** Worker threads beside the main thread. */
  threads: number;
}

/** One summary line: what the prerender did. */
function prerenderNote(stats: PrerenderStats): string {
  const threads = stats.threads > 0 ? `main thread + ${stats.threads} worker thread${stats.threads > 1 ? 's' : ''}` : 'main thread';
  return `prerendered: ${stats.rendered} page(s) rendered, ${stats.kept} unchanged kept from the last build (${threads})`;
}

/** Loads `adapters/<name>/build.ts`. */
export async function loadAdapter(name: AdapterName): Promise<Adapter> {
  const folder = name === 'cloudflare-kv' ? 'cloudflare' : name;
  const file = frameworkModule(`adapters/${folder}/build`);
  if (!existsSync(file)) throw new BuildError('edgepress.config.ts', `the adapter '${name}' is not available in this version of edgepress.`);
  const mod = (await import(pathToFileURL(file).href)) as { default: Adapter | ((name: AdapterName) => Adapter) };
  return typeof mod.default === 'function' ? mod.default(name) : mod.default;
}

/** Builds the site at `options.root`. Throws BuildError naming the file and the fix. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const root = resolve(options.root);
  const outDir = options.outDir ? resolve(root, options.outDir) : join(root, 'dist');
  const clientDir = join(outDir, 'client');
  const serverDir = join(outDir, 'server');
  const tmpDir = join(outDir, '.edgepress');
  const warnings: string[] = [];
  const buildNotes: string[] = [];

  const { config: loaded } = await loadConfig(root, tmpDir);
  const config: ResolvedConfig = options.adapter ? { ...loaded, adapter: options.adapter } : loaded;
  if (options.checkEnv) checkEnv(root, config.env);
  const scan = scanRoutes(root, config.output);
  const precompile = config.jsx.precompile ? new PrecompileCache() : undefined;
  const errorPages = [scan.notFound, scan.serverError].filter((r): r is ScannedRoute => r !== undefined);

  // The pages of the last build stay in place (client-dir.ts): the ones this build may keep
  // (prerender-cache.ts), and the others as files to write over, since making and removing
  // thousands of folders is most of a large build's time; every other file goes. Without a
  // record, the HTML files under the base path are taken as the last build's pages.
  const prefix = config.base.slice(0, -1);
  const recorded = takeRecord(outDir, layoutOf(config));
  const prerenders = [...scan.routes, ...errorPages].some((r) => r.prerender);
  const recordedFiles = new Set(Object.keys(recorded?.pages ?? {}).map((file) => prefix + file));
  const keep = recorded ? (path: string) => recordedFiles.has(path) : (path: string) => path.startsWith(`${prefix}/`) && path.endsWith('.html');
  if (!prerenders) rmSync(clientDir, { recursive: true, force: true });
  const present = new Set([...(prerenders ? keepOnly(clientDir, keep) : [])].map((path) => path.slice(prefix.length)));
  // dist/server is overwritten in place, never emptied: a running `wrangler dev` watches it
  // (and keeps its .wrangler/ scratch folder there).
  // Files live under the base path, so a platform serving dist/client directly finds /base/about/.
  const siteDir = join(clientDir, config.base);
  mkdirSync(siteDir, { recursive: true });
  const publicDir = join(root, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, siteDir, { recursive: true });

  const adapter = await loadAdapter(config.adapter);
  const siteWorker = findSiteWorker(root);
  if (siteWorker) checkSiteWorkerAdapter(siteWorker, config.adapter, adapter.runsSiteWorker === true);
  const dev = options.dev ?? false;
  // Routes, middleware, sessions, server islands: one wiring for the prerender module, the server and the probe.
  // Client islands: built for the browser first, so the server graph knows their module URLs.
  // Stylesheets and assets the site imports: written now; each page links its stylesheets, every bundle gets the URLs.
  const styling = styleWiring(root);
  const styles = await buildSiteStyles({ wiring: styling, routeFiles: graphFiles(root, scan), base: config.base, siteDir, production: true });
  for (const route of [...scan.routes, ...errorPages]) {
    const links = route.kind === 'page' ? styles.links.get(route.file) : undefined;
    if (links) route.styles = links;
  }
  const client = await clientIslands({ root, config, siteDir, dev, warnings, plugins: [styleImportsPlugin(styling)] });
  const wiring = wireSite({ root, config, scan, mode: 'build', devBuild: dev, warnings, clientIslands: client, styles: styling });
  const islands = wiring.islands;


  const ranked = rankedRoutes(config, scan, warnings, root);
  const baseManifest = siteManifest(config, scan, ranked);

  let pages: string[] = [];
  let record: CacheRecord['pages'] = {};
  /** Prerendered pages' sizes and ETags by asset path, as written: the asset manifest does not read them again. */
  const knownPages = new Map<string, { size: number; etag: string }>();
  let prerenderStats: PrerenderStats | undefined;
  let pageHeaders: Record<string, Record<string, string>> = {};
  const prerendered = [...scan.routes, ...errorPages].filter((r) => r.prerender);
  if (prerendered.length > 0) {
    // A new name each build: a module loader that caches by path (vitest's) must not see the last one.
    const bundlePath = join(tmpDir, `prerender-${process.pid}-${Date.now()}.mjs`);
    const metafile = await bundlePrerender(withRoutes(wiring, [...scan.routes, ...errorPages].map(toEntry), scan.middleware), baseManifest, bundlePath, precompile);
    for (const route of prerendered) {
      if (route.staticPath && existsSync(join(publicDir, route.staticPath === '/' ? 'index.html' : route.staticPath))) {
        throw new BuildError(route.file, `public${route.staticPath} has the same URL; rename one of them.`);
      }
    }
    // Cloudflare: ctx.env (and cloudflare:workers' env) are the local bindings, when prerendered code reads them.
    const entries = [...prerendered.map((r) => r.file), ...(scan.middleware ? [scan.middleware] : [])];
    const bindings = adapter.runsSiteWorker ? await prerenderBindings(root, () => prerenderReadsEnv(root, metafile, entries)) : undefined;
    setBuildEnv(bindings?.env);
    let result: Awaited<ReturnType<typeof prerender>>;
    try {
      const siteSource = prerenderEntrySource(withRoutes(wiring, [], scan.middleware), { ...baseManifest, routes: [], notFound: undefined, serverError: undefined });
      const routeFiles = [...scan.routes, ...errorPages].map((r) => r.file);
      const readsBindings = (file: string): boolean => bindings !== undefined && prerenderReadsEnv(root, metafile, [file, ...(scan.middleware ? [scan.middleware] : [])]);
      const inputs = { root, bundlePath, metafile, config, siteSource, routeFiles, readsBindings };
      result = await prerender({ bundlePath, routes: scan.routes, errorPages, config, siteDir, env: bindings?.env, tmpDir, cache: { inputs, previous: recorded, present, publicDir } });
    } finally {
      setBuildEnv(undefined);
      await bindings?.dispose();
    }
    if (bindings) buildNotes.push('prerendered with the local bindings of the wrangler config (.wrangler/state, as edgepress dev)');
    pages = result.files;
    warnings.push(...result.warnings);
    record = result.record;
    for (const [file, page] of result.pages) knownPages.set(prefix + file, page);
    prerenderStats = { rendered: result.rendered, kept: pages.length - result.rendered, threads: result.threads };
    buildNotes.push(prerenderNote(prerenderStats));
    const csp = config.security.csp;
    if (csp && csp.mode !== 'nonce') {
      const accept = adapter.acceptPageHeaders?.bind(adapter);
      pageHeaders = applyHashPolicies({ siteDir, prefix: config.base.slice(0, -1), pages, csp, warnings, accept: accept && ((list) => accept(list, { root, clientDir, config })) });
      // A page given a <meta> policy no longer holds the render's bytes: the next build renders it again.
      if (!csp.reportOnly) {
        for (const file of pages) {
          if (!file.endsWith('.html') || pageHeaders[prefix + file]) continue;
          if (record[file]) record[file].meta = true;
          knownPages.delete(prefix + file);
        }
      }
    }
  }

  const manifest: Manifest = { ...baseManifest };
  if (existsSync(join(siteDir, '404.html'))) manifest.notFoundAsset = `${prefix}/404.html`;
  if (existsSync(join(siteDir, '500.html'))) manifest.serverErrorAsset = `${prefix}/500.html`;
  mkdirSync(serverDir, { recursive: true });
  writeFileSync(join(serverDir, 'manifest.json'), JSON.stringify(manifest, null, 2));

  let assetManifest: ReturnType<typeof buildAssetManifest> | undefined;
  const listAssets = (): ReturnType<typeof buildAssetManifest> => (assetManifest ??= withHeaders(buildAssetManifest(clientDir, knownPages), pageHeaders));
  const builder: Builder = {
    root,
    config,
    outDir,
    clientDir,
    serverDir,
    manifest,
    dev,
    assetManifest: listAssets,
    filesystemAssets: () => ({ assets: listAssets(), clientDir: relative(serverDir, clientDir) }),
    bundleServer: (request) =>
      bundleServer({
        wiring,
        manifest,
        entry: request.entry,
        entryOptions: { dev, ...((request.entryOptions as object | undefined) ?? {}) },
        outfile: request.outfile ?? join(serverDir, 'index.js'),
        platform: request.platform,
        conditions: request.conditions,
        external: request.external,
        minify: !dev,
        prelude: request.prelude,
        nodeBuiltins: request.nodeBuiltins,
        precompile,
        dev,
      }),
    platformRedirects: () => platformRedirects(ranked, listAssets(), config.base, islands !== undefined),
    pageHeaders: (): PageHeaders[] => Object.entries(pageHeaders).map(([path, headers]) => ({ path, headers })),
    copyClient: (dir) => cpSync(clientDir, isAbsolute(dir) ? dir : join(root, dir), { recursive: true }),
    writeFile: (path, content) => {
      const full = isAbsolute(path) ? path : join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    warn: (message) => warnings.push(message),
  };
  const adapted = await adapter.adapt(builder);
  // Which adapter shaped dist/, so `preview` runs the right runtime without being told.
  const stamp: BuildStamp = { adapter: config.adapter, dev };
  writeFileSync(join(serverDir, BUILD_STAMP), JSON.stringify(stamp, null, 2));
  const bundle = adapted.bundle;
  if (bundle.session?.driver === 'memory' && ['vercel', 'netlify', 'deno'].includes(config.adapter)) {
    warnings.push(`edgepress.config.ts: sessions use the 'memory' driver, but ${config.adapter} runs many instances that share no memory, so a visitor's next request may not find its session. Give session.driver the path of a driver module backed by a shared store.`);
  }
  checkBudget(bundle, config.budget, warnings);
  const startup = await checkStartup({
    wiring: bundle.wiring,
    manifest,
    bundleFile: bundle.file,
    budget: config.budget,
    tmpDir,
    precompile,
  });
  if (startup.warning) warnings.push(startup.warning);
  // A module the styles pass could not read, that no other step refused: still an error.
  if (styles.graphError !== undefined) throw styles.graphError;
  rmSync(tmpDir, { recursive: true, force: true });
  saveRecord(outDir, { version: RECORD_VERSION, layout: layoutOf(config), pages: record });

  const durationMs = performance.now() - started;
  const jsx = precompile?.totals();
  const summary = formatSummary({
    root,
    adapter: config.adapter,
    routes: [...scan.routes, ...errorPages],
    pages,
    bundle,
    durationMs,
    warnings,
    notes: [...(adapted.notes ?? []), ...optional(routeCacheNote(manifest, config.adapter)), ...buildNotes, ...(siteWorker ? [siteWorkerNote(siteWorker)] : []), ...(islands ? [islandsNote(islands, config.base)] : []), ...(wiring.actions ? [`actions: ${relative(root, wiring.actions)} at ${config.base}_actions/`] : []), ...(client ? [clientIslandsNote(client)] : []), ...[formatStyles(styles) ?? []].flat(), jsx ? formatPrecompile(jsx) : 'jsx precompile: off', ...(startup.times ? [formatStartup(startup.times)] : [])],
  });
  if (!options.quiet) console.log(summary);
  return { config, routes: scan.routes, pages, bundle, warnings, durationMs, summary, jsx, prerendered: prerenderStats };
}

/** A summary line, if there is one. */
const optional = (note: string | undefined): string[] => (note ? [note] : []);

/** One summary line: what the site's worker.ts adds to the Worker. */
function siteWorkerNote(worker: SiteWorker): string {
  const parts = [...worker.handlers, ...worker.exports.map((name) => (name === '*' ? 'export *' : name))];
  return `${worker.file}: ${parts.length > 0 ? parts.join(', ') : 'nothing exported'}`;
}

/** The asset manifest with each prerendered page's fixed headers (its CSP) attached. */
function withHeaders(manifest: AssetManifest, headers: Record<string, Record<string, string>>): AssetManifest {
  for (const [path, fixed] of Object.entries(headers)) if (manifest[path]) manifest[path] = { ...manifest[path]!, headers: fixed };
  return manifest;
}

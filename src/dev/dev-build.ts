/**
 * The development build: no prerendering, every route in one worker bundle that renders it per
 * request (`manifest.renderAll`), rebuilt incrementally with an esbuild context. A file that
 * fails to compile breaks only the routes that import it: they are replaced by a module that
 * throws the build error (shown by the dev server), and the rest of the site keeps working.
 *
 * The site's own modules are bundled on each rebuild; the framework and the packages they import
 * are the vendor bundle, made once and again only when needed (vendor-split.ts, vendor-bundle.ts).
 * Both are made to be evaluated by the dev runtime's runner (function bodies, see module-body.ts),
 * and written to dist/.edgepress-dev/ with their source maps: a build in dist/ stays what
 * `npm run build` made.
 */
import { context, type BuildContext, type Metafile, type OnResolveResult, type Plugin } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { serverWranglerConfig } from '../../adapters/cloudflare/wrangler-config.ts';
import { cloudflareNodeBuiltins } from '../../adapters/cloudflare/node-compat.ts';
import { BuildError } from '../build/build-error.ts';
import { serverEntrySource, wireSite, wiringEntries, wiringExports, wiringPlugins, type SiteWiring } from '../build/site-wiring.ts';
import { platformModulesPlugin, platformModulesOf } from './module-body.ts';
import { devBundleOptions, writeDevOutput } from './dev-bundle.ts';
import { honoIntrinsicsPlugin } from '../build/hono-intrinsics.ts';
import { VendorBundle } from './vendor-bundle.ts';
import { joinedMetafile, vendorModulesOf, vendorSplitPlugin } from './vendor-split.ts';
import type { RuntimeBuild } from './dev-runtime.ts';
import { PrecompileCache, precompilePlugin } from '../build/jsx/precompile-plugin.ts';
import { frameworkModule } from '../build/framework-paths.ts';
import { CONFIG_NAMES, loadConfig } from '../build/load-config.ts';
import type { ResolvedConfig } from '../config.ts';
import { failOnRefused, nodeBuiltinsPlugin, type NodeBuiltins } from '../build/node-builtins.ts';
import { scanRoutes } from '../build/scan-routes.ts';
import { rankedRoutes, siteManifest } from '../build/site-manifest.ts';
import { islandKeys, type IslandKeys } from '../build/islands/island-keys.ts';
import { clientIslands, type ClientIslands } from '../build/client/client-islands.ts';
import { ISLANDS_DIR } from '../build/client/island-modules.ts';
import { bundleUsesSessions } from '../build/session-use.ts';
import { ASSETS_DIR } from '../build/styles/asset-options.ts';
import { styleImportsPlugin } from '../build/styles/import-plugin.ts';
import type { RouteGraph } from '../build/styles/route-graph.ts';
import { buildSiteStyles, graphFiles, styleWiring, type StyleWiring } from '../build/styles/site-styles.ts';

/** A problem the dev server shows: where it is and what to do. */
export interface DevProblem {
  name: string;
  message: string;
  /** The file at fault, relative to the site root. */
  file?: string;
  location?: { file: string; line: number; column: number; lineText?: string };
  hint?: string;
  /** A stack in the dev bundle (an error thrown while the bundle was evaluated). */
  stack?: string;
}

export type DevBuildResult =
  | {
      ok: true;
      ms: number;
      /** Files that failed to compile; the routes importing them show the error. */
      broken: DevProblem[];
      /** The code for the dev runtime. */
      build: RuntimeBuild;
      /** The generated wrangler config and the Worker's export names: what workerd is configured with. */
      wrangler: Record<string, unknown>;
      exports: string[];
    }
  | { ok: false; ms: number; problem: DevProblem };

/** The stylesheets written again after a change to stylesheets only: the URLs to swap in open pages. */
export type DevStylesResult = { ok: true; ms: number; changed: string[] } | { ok: false; ms: number; problem: DevProblem };

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number; lineText: string } | null;
}

/** esbuild's first error, with the file relative to the site root. */
function problemFrom(error: unknown, root: string): DevProblem {
  if (error instanceof BuildError) return { name: 'BuildError', message: error.message, file: error.file };
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  if (!first) return { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
  const loc = first.location;
  const file = loc ? relative(root, resolve(root, loc.file)) : undefined;
  return {
    name: 'BuildError',
    message: loc ? `${file}:${loc.line}:${loc.column}: ${first.text}` : first.text,
    file,
    location: loc ? { file: file!, line: loc.line, column: loc.column, lineText: loc.lineText } : undefined,
  };
}

/** The module that stands in for a route that does not compile. */
function stubSource(problem: DevProblem): string {
  return `const error = new Error(${JSON.stringify(problem.message)});
error.name = 'BuildError';
error.location = ${JSON.stringify(problem.location)};
error.hint = 'Fix the file and save: the dev server rebuilds and reloads the page.';
throw error;
`;
}

/** Route files (and middleware) that import `file`, directly or not, in the last good build. */
function importersOf(metafile: Metafile | undefined, file: string, entries: Set<string>): string[] {
  if (!metafile) return [];
  const importers = new Map<string, string[]>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const imported of imports) importers.set(imported.path, [...(importers.get(imported.path) ?? []), input]);
  }
  const found = new Set<string>();
  const seen = new Set([file]);
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (entries.has(current)) found.add(current);
    for (const importer of importers.get(current) ?? []) {
      if (!seen.has(importer)) {
        seen.add(importer);
        queue.push(importer);
      }
    }
  }
  return [...found];
}

/** An edited module (not a stylesheet, an asset, public/ or the config): what a rebuild may reuse parts of the last one for. */
const SOURCE_EDIT = /\.[cm]?[jt]sx?$/;

/** True when `file` (relative to the root) shapes the client islands besides their imports: an island module, the actions module. */
function shapesClient(file: string): boolean {
  return file.startsWith(`${ISLANDS_DIR}/`) || /^actions(\.|\/)/.test(file);
}

/** The imports of `file` in `metafile`, as text to compare (undefined when it is not in that bundle). */
function importsOf(metafile: Metafile | undefined, file: string): string | undefined {
  const input = metafile?.inputs[file];
  return input ? JSON.stringify(input.imports) : undefined;
}

/** Builds the site at `root` for `edgepress dev`, again and again. */
export class DevBuild {
  private ctx: BuildContext<{ metafile: true; write: false }> | undefined;
  private ctxKey = '';
  /** Compiled files by content, kept across rebuilds: an edit recompiles only the file edited. */
  private readonly precompile = new PrecompileCache(false);
  private lastGood: Metafile | undefined;
  /** Island keys for this dev session: EDGEPRESS_KEY, or one made at start (no warning in dev). */
  private keys: IslandKeys | undefined;
  /** The client islands' URLs as of the last build: the island wrappers in the server bundle name them. */
  private clientSignature = '';
  /** The framework and packages, bundled apart: a save bundles the site's own modules only. */
  private readonly vendor: VendorBundle;
  /** Set when a file the vendor bundle was built from changed, until a vendor build succeeds. */
  private vendorStale = false;
  /** Whether a package of the vendor bundle names the session (session-use.ts), by vendor build. */
  private vendorSessions: { id: string; uses: boolean } | undefined;
  /** Where the site's imports of packages resolve (vendor-split.ts), kept until the vendor bundle is stale. */
  private readonly resolved = new Map<string, OnResolveResult>();
  /** Node builtins the last rebuild refused (filled by the plugin, emptied when a rebuild starts). */
  private readonly refused: Array<{ name: string; importer: string }> = [];
  readonly root: string;
  readonly clientDir: string;
  readonly serverDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.clientDir = join(this.root, 'dist/client');
    this.serverDir = join(this.root, 'dist/server');
    this.styling = styleWiring(this.root);
    this.vendor = new VendorBundle(this.root, this.vendorFile);
  }

  /** The bundle the dev runtime evaluates (its stacks name this file). */
  get bundleFile(): string {
    return join(this.root, 'dist/.edgepress-dev/server.js');
  }

  /** The vendor bundle the dev runtime evaluates with it (the framework and packages). */
  get vendorFile(): string {
    return join(this.root, 'dist/.edgepress-dev/vendor.js');
  }

  /** The bundles stacks may point into, each with its source map beside it (for the dev server's stack traces). */
  get bundleFiles(): Array<{ file: string; map: string }> {
    return [this.bundleFile, this.vendorFile].map((file) => ({ file, map: `${file}.map` }));
  }

  /**
   * Copies public/ into dist/client again (the dev build writes nothing else there). The folder
   * itself stays: workerd serves the static files through a handle on it.
   */
  copyPublic(base = this.base): void {
    // The stylesheets and assets of the last build (`_assets/`) are kept.
    const assets = join(this.clientDir, base, ASSETS_DIR);
    const kept = join(this.root, 'dist/.edgepress-dev', ASSETS_DIR);
    rmSync(kept, { recursive: true, force: true });
    mkdirSync(dirname(kept), { recursive: true });
    if (existsSync(assets)) renameSync(assets, kept);
    mkdirSync(this.clientDir, { recursive: true });
    for (const entry of readdirSync(this.clientDir)) rmSync(join(this.clientDir, entry), { recursive: true, force: true });
    const siteDir = join(this.clientDir, base);
    mkdirSync(siteDir, { recursive: true });
    if (existsSync(kept)) renameSync(kept, assets);
    if (existsSync(join(this.root, 'public'))) cpSync(join(this.root, 'public'), siteDir, { recursive: true });
  }

  /** Style and asset imports: the transformer (PostCSS, CSS Modules) and the assets' URLs, for every rebuild. */
  private readonly styling: StyleWiring;
  /** The files whose graphs the last build read. */
  private graphFiles: string[] = [];
  /** Each page's stylesheet links as of the last styles pass, while they are known to be current (cleared when a reuse of them is not confirmed). */
  private lastLinks: Map<string, string[]> | undefined;
  /** The client islands of the last build and the files they were built from: an edit to none of them reuses them. */
  private lastClient: { islands: ClientIslands | undefined; inputs: Set<string> } | undefined;
  /** The last route graph: a route that does not compile keeps the site's links as they were. */
  private lastGraph: RouteGraph = { byRoute: new Map(), stylesheets: [], assets: new Map() };

  /** Writes the stylesheets and the assets the site imports; returns each page's links and the URLs whose content changed. */
  private async writeStyles(base: string, files: string[]): Promise<{ links: Map<string, string[]>; changed: string[] }> {
    this.styling.transformer.clear();
    this.graphFiles = files;
    const styles = await buildSiteStyles({ wiring: this.styling, routeFiles: files, base, siteDir: join(this.clientDir, base), production: false, lastGraph: this.lastGraph });
    // A route that does not compile: the dev bundle shows its error on the routes that import it.
    this.lastGraph = styles.graph;
    return styles;
  }

  /**
   * After a change to stylesheets only: writes them again (same names, so links stay), and
   * returns the URLs whose content changed. The pages' links cannot have changed: JS did not.
   */
  async rebuildStyles(): Promise<DevStylesResult> {
    const started = performance.now();
    try {
      const { changed } = await this.writeStyles(this.base, this.graphFiles);
      return { ok: true, ms: performance.now() - started, changed };
    } catch (error) {
      return { ok: false, ms: performance.now() - started, problem: problemFrom(error, this.root) };
    }
  }

  private base = '/';
  /** Whether the site names the session (most do not: the first build of one that does is made twice). */
  private sessions = false;

  /** The site's base path as of the last build. */
  get basePath(): string {
    return this.base;
  }

  /**
   * Builds; `copyPublic` refreshes dist/client from public/. Never throws: failures are results.
   * `changed` (files relative to the root) lets an edit of modules only skip the passes it cannot
   * affect: the client islands when it touches none of their files, and the style graph when
   * the edited modules import what they did (checked in the new bundle; else it is built again).
   */
  async build(options: { copyPublic: boolean; changed?: string[] }): Promise<DevBuildResult> {
    const started = performance.now();
    const ms = (): number => performance.now() - started;
    try {
      const config = await this.config();
      const scan = scanRoutes(this.root, config.output);
      const copied = options.copyPublic || config.base !== this.base || !existsSync(join(this.clientDir, config.base));
      if (copied) this.copyPublic(config.base);
      this.base = config.base;
      const changed = options.changed;
      const sourceEdit =
        !copied && changed !== undefined && changed.length > 0 && changed.every((f) => SOURCE_EDIT.test(f) && !f.startsWith('public/') && !CONFIG_NAMES.includes(f) && existsSync(join(this.root, f)));
      const routeFiles = graphFiles(this.root, scan);
      const previous = this.lastGood;
      const reuseStyles = sourceEdit && this.lastLinks !== undefined && !this.styling.graphFailed && routeFiles.join('\n') === this.graphFiles.join('\n');
      const links = reuseStyles ? this.lastLinks! : (await this.writeStyles(config.base, routeFiles)).links;
      // Current only once this build confirms it.
      this.lastLinks = reuseStyles ? undefined : links;
      for (const route of [...scan.routes, scan.notFound, scan.serverError]) {
        const routeLinks = route?.kind === 'page' ? links.get(route.file) : undefined;
        if (routeLinks) route!.styles = routeLinks;
      }
      const manifest = siteManifest(config, scan, rankedRoutes(config, scan, [], this.root), true);
      mkdirSync(dirname(this.bundleFile), { recursive: true });
      const wrangler = serverWranglerConfig({ root: this.root, serverDir: this.serverDir, clientDir: this.clientDir, mainFile: join(this.serverDir, 'index.js'), trailingSlash: config.trailingSlash });

      // Client islands are rebuilt each time (unminified): an edit to one changes its URL in the server bundle, which reloads the page.
      const last = this.lastClient;
      this.lastClient = undefined;
      const reuseClient = sourceEdit && last !== undefined && changed!.every((f) => !shapesClient(f) && !last.inputs.has(f));
      const client = reuseClient ? last.islands : await clientIslands({ root: this.root, config, siteDir: join(this.clientDir, config.base), dev: true, warnings: [], plugins: [styleImportsPlugin(this.styling)] });
      this.lastClient = { islands: client, inputs: new Set(client?.inputs ?? []) };
      this.clientSignature = JSON.stringify(client ? [...client.built.values()] : []);
      // The production wiring in dev mode: every route, every part. Island ids are made from the files as they are now.
      const wiring = wireSite({ root: this.root, config, scan, mode: 'dev', keys: (this.keys ??= islandKeys()), clientIslands: client, sessions: this.sessions, styles: this.styling });
      const entries = new Set([...wiring.routes.map((r) => r.file), ...(wiring.middleware ? [wiring.middleware] : [])]);
      const source = serverEntrySource(wiring, { manifest, entry: frameworkModule('adapters/cloudflare/entry'), entryOptions: { dev: true } });
      const builtins = cloudflareNodeBuiltins(this.root);
      if (this.vendor.stale()) {
        this.vendorStale = true;
        this.resolved.clear();
      }
      const stubs = new Map<string, DevProblem>();
      for (let attempt = 0; ; attempt++) {
        const outcome = await this.bundle(source, wiring, stubs, config.jsx.precompile, builtins);
        if (outcome.ok) {
          this.lastGood = outcome.metafile;
          if (reuseStyles) {
            // The links stand if every edited module imports what it did; else the style graph is read again.
            const same = changed!.every((f) => importsOf(outcome.metafile, f) !== undefined && importsOf(outcome.metafile, f) === importsOf(previous, f));
            if (!same) return await this.build({ copyPublic: false });
            this.lastLinks = links;
          }
          // Sessions as a build would have them (session-use.ts): built again once when that changes.
          const sessions = outcome.sessions;
          if (sessions !== this.sessions) {
            this.sessions = sessions;
            return await this.build(options);
          }
          const broken = [...new Map([...stubs.values()].map((p) => [p.file, p])).values()];
          return { ok: true, ms: ms(), broken, build: outcome.build, wrangler, exports: wiringExports(wiring) };
        }
        const problem = outcome.problem;
        const targets = problem.file === undefined ? [] : entries.has(problem.file) ? [problem.file] : importersOf(this.lastGood, problem.file, entries);
        const fresh = targets.filter((file) => !stubs.has(file));
        if (fresh.length === 0 || attempt >= 20) return { ok: false, ms: ms(), problem };
        for (const file of fresh) stubs.set(file, problem);
      }
    } catch (error) {
      return { ok: false, ms: ms(), problem: problemFrom(error, this.root) };
    }
  }

  private loaded: { stamp: string; config: ResolvedConfig } | undefined;

  /** The site's config, loaded again only when its file changed (loading bundles it). */
  private async config(): Promise<ResolvedConfig> {
    const stamp = CONFIG_NAMES.map((name) => {
      try {
        const stat = statSync(join(this.root, name));
        return `${name}:${stat.mtimeMs}:${stat.size}`;
      } catch {
        return '';
      }
    }).join('|');
    if (this.loaded?.stamp !== stamp) {
      const { config } = await loadConfig(this.root, join(this.root, 'dist/.edgepress'));
      this.loaded = { stamp, config };
    }
    return this.loaded.config;
  }

  private async bundle(
    source: string,
    wiring: SiteWiring,
    stubs: Map<string, DevProblem>,
    precompile: boolean,
    builtins: NodeBuiltins,
  ): Promise<{ ok: true; metafile: Metafile; build: RuntimeBuild; sessions: boolean } | { ok: false; problem: DevProblem }> {
    const key = source + this.clientSignature + JSON.stringify([...stubs.keys()]) + String(precompile) + JSON.stringify(builtins.provided);
    const refused = this.refused;
    if (key !== this.ctxKey || !this.ctx) {
      await this.ctx?.dispose();
      this.ctx = undefined;
      const stubPlugin: Plugin = {
        name: 'edgepress-dev-stubs',
        setup: (build) => {
          build.onStart(() => void (refused.length = 0));
          if (stubs.size === 0) return;
          const absolute = new Map([...stubs].map(([file, problem]) => [join(this.root, file), problem]));
          build.onLoad({ filter: /.*/ }, (args) => {
            const problem = absolute.get(args.path);
            return problem ? { contents: stubSource(problem), loader: 'js' } : undefined;
          });
        },
      };
      this.ctx = await context({
        ...devBundleOptions(this.root, this.bundleFile),
        stdin: { contents: source, resolveDir: this.root, sourcefile: 'edgepress-dev-entry.js', loader: 'js' },
        // The JSX precompile as in a production build, so dev renders what production does.
        // The wiring's plugins are made afresh with the context: the entry source, part of the key, names the files they load.
        plugins: [
          stubPlugin,
          // First: it asks the others where a module resolves, and turns the platform's own (node:*, cloudflare:*) into imports the runner provides.
          platformModulesPlugin(),
          // The framework and packages: read from the vendor bundle, not bundled again.
          vendorSplitPlugin(this.resolved),
          ...wiringPlugins(wiring, precompile ? this.precompile : undefined),
          ...(precompile ? [precompilePlugin(this.precompile)] : []),
          nodeBuiltinsPlugin(builtins, refused, this.root),
        ],
      });
      this.ctxKey = key;
    }
    try {
      const result = await this.ctx.rebuild();
      // The wiring's plugins as the site's bundle has them (the JSX precompile of the framework's .tsx, a package's stylesheet...).
      const vendorPlugins = [...wiringPlugins(wiring, precompile ? this.precompile : undefined), ...(precompile ? [precompilePlugin(this.precompile)] : []), honoIntrinsicsPlugin()];
      const vendor = await this.vendor.bundle({
        modules: vendorModulesOf(result.metafile),
        stale: this.vendorStale,
        builtins,
        plugins: vendorPlugins,
        key: vendorPlugins.map((p) => p.name).join(),
      });
      this.vendorStale = false;
      // One metafile for both: the chain to a refused builtin and the session rule see the packages.
      const metafile = joinedMetafile(result.metafile, vendor.metafile, this.root);
      failOnRefused([...refused, ...this.vendor.refused], metafile, wiringEntries(wiring), builtins);
      const code = writeDevOutput(result, this.bundleFile);
      // The packages' part of the session rule is read once per vendor build (it holds the modules the site's code reaches, no other).
      if (this.vendorSessions?.id !== vendor.code.id) this.vendorSessions = { id: vendor.code.id, uses: bundleUsesSessions(vendor.metafile, this.root) };
      const sessions = this.vendorSessions.uses || bundleUsesSessions(result.metafile, this.root);
      return { ok: true, metafile, sessions, build: { code, file: this.bundleFile, modules: platformModulesOf(result.metafile), vendor: vendor.code } };
    } catch (error) {
      return { ok: false, problem: problemFrom(error, this.root) };
    }
  }

  /** Stops esbuild's incremental context. */
  async dispose(): Promise<void> {
    await this.ctx?.dispose();
    this.ctx = undefined;
    await this.vendor.dispose();
  }
}

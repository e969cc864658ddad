/**
 * Which stylesheets each route's module graph imports, in import order: one esbuild pass over
 * every route (pages, endpoints, error pages, middleware...) with a metafile, walked from each
 * route file the way ES modules evaluate (an import's imports first, each module once). The same
 * pass writes the assets that JS imports (`import logo from './logo.svg'`) under `<base>_assets/`.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { siteBundleOptions, toBuildError } from '../esbuild-options.ts';
import { assetOptions } from './asset-options.ts';
import { styleImportsPlugin } from './import-plugin.ts';

export interface RouteGraph {
  /** Route file (relative to the root) -> the stylesheets (relative to the root) its graph imports, in order. */
  byRoute: Map<string, string[]>;
  /** Every imported stylesheet, each once, in the order first met. */
  stylesheets: string[];
  /** Asset files JS imports (absolute paths) -> the URL they were written at. */
  assets: Map<string, string>;
}

/** Anything this pass cannot resolve is left to the real bundles, which report it: this pass only reads the graph. */
const leniency: Plugin = {
  name: 'edgepress-graph-leniency',
  setup(build) {
    // The framework and hono import no stylesheet: not walked (most of what a route imports).
    build.onResolve({ filter: /^(edgepress|hono)(\/|$)/ }, (args) => ({ path: args.path, external: true }));
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'graph') return undefined;
      if (/^[a-z][a-z0-9+.-]*:/i.test(args.path) && !args.path.startsWith('file:')) return { path: args.path, external: true };
      const result = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'graph', namespace: args.namespace });
      return result.errors.length > 0 ? { path: args.path, external: true } : result;
    });
  },
};

const FOLLOWED = new Set(['import-statement', 'require-call', 'dynamic-import']);

/** The stylesheets `file`'s graph imports, appended to `out` in evaluation order. */
function collect(metafile: Metafile, file: string, seen: Set<string>, out: string[]): void {
  for (const imported of metafile.inputs[file]?.imports ?? []) {
    if (imported.external || !FOLLOWED.has(imported.kind) || seen.has(imported.path)) continue;
    seen.add(imported.path);
    // Other namespaces (`?raw` text) are not stylesheets.
    if (/^[a-z-]+:/.test(imported.path)) continue;
    if (/\.css$/i.test(imported.path)) out.push(imported.path);
    else collect(metafile, imported.path, seen, out);
  }
}

/** Reads the graph of `routeFiles` (relative to `root`) and writes the assets JS imports into `siteDir`. */
export async function routeGraph(root: string, routeFiles: string[], base: string, siteDir: string): Promise<RouteGraph> {
  const files = [...new Set(routeFiles)];
  if (files.length === 0) return { byRoute: new Map(), stylesheets: [], assets: new Map() };
  let metafile: Metafile;
  const written = new Map<string, string>();
  try {
    const result = await build({
      ...siteBundleOptions(root),
      ...assetOptions(base),
      entryPoints: files.map((file) => join(root, file)),
      outdir: siteDir,
      platform: 'node',
      conditions: ['workerd', 'worker', 'edge-light', 'browser'],
      metafile: true,
      write: false,
      plugins: [leniency, styleImportsPlugin(undefined)],
    });
    metafile = result.metafile;
    const assets = result.outputFiles.filter((file) => !['.js', '.css', '.map'].includes(extname(file.path)));
    for (const asset of assets) {
      mkdirSync(dirname(asset.path), { recursive: true });
      writeFileSync(asset.path, asset.contents);
    }
    for (const [output, info] of Object.entries(metafile.outputs)) {
      if (['.js', '.css', '.map'].includes(extname(output))) continue;
      const url = base + relative(siteDir, join(root, output)).split(sep).join('/');
      for (const input of Object.keys(info.inputs)) written.set(join(root, input), url);
    }
  } catch (error) {
    throw toBuildError(error, root);
  }
  const byRoute = new Map<string, string[]>();
  const all = new Set<string>();
  for (const file of files) {
    const found: string[] = [];
    collect(metafile, file, new Set([file]), found);
    byRoute.set(file, found);
    for (const sheet of found) all.add(sheet);
  }
  return { byRoute, stylesheets: [...all], assets: written };
}

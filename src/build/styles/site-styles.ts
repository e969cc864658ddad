/**
 * Styles and assets of a site, for `build` and `dev`: the route graph pass (which stylesheets
 * each route imports; the assets JS imports), then the stylesheets, hashed under `<base>_assets/`.
 * Routes get their stylesheet URLs (`RouteEntry.styles`), linked into their pages' `<head>`;
 * every JS bundle gets `styleBundleOptions`, so imports mean the same in each of them.
 */
import { routeGraph, type RouteGraph } from './route-graph.ts';
import type { ScanResult } from '../scan-routes.ts';
import { findSiteWorker } from '../site-worker.ts';
import { StyleTransformer } from './style-transform.ts';
import { writeStylesheets } from './stylesheets.ts';

/** What every JS bundle of the site needs to read style and asset imports the same way (import-plugin.ts). */
export interface StyleWiring {
  root: string;
  transformer: StyleTransformer;
  /** Imported assets (absolute paths) -> their URLs: filled by `buildSiteStyles`. */
  assets: Map<string, string>;
  /** The route graph pass failed (its error is thrown at the end of the build): an unknown asset is not an error meanwhile. */
  graphFailed?: boolean;
}

/** A wiring for the site at `root`, to fill with `buildSiteStyles`. */
export function styleWiring(root: string, transformer = new StyleTransformer(root)): StyleWiring {
  return { root, transformer, assets: new Map() };
}

export interface SiteStyles {
  /** Route file -> the URLs of the stylesheets its page links, in import order. */
  links: Map<string, string[]>;
  /** Stylesheet files written. */
  stylesheets: number;
  /** Asset files JS imports, written. */
  assets: number;
  /** URLs of the files whose content changed (dev swaps these stylesheets in open pages). */
  changed: string[];
  /** What the route graph pass found (dev keeps it for when a route does not compile). */
  graph: RouteGraph;
  /**
   * The route graph pass's error, when a module does not compile: the build's other steps
   * report such errors better (the import chain, the fix), so the caller throws this one only
   * if they did not.
   */
  graphError?: unknown;
}

export interface SiteStylesOptions {
  /** Filled with the assets' URLs. */
  wiring: StyleWiring;
  /** Files whose graphs are read: pages (which get links), endpoints, middleware..., relative to the root. */
  routeFiles: string[];
  base: string;
  /** dist/client/<base>: where the files go. */
  siteDir: string;
  /** Minified, content-hashed stylesheets; development keeps one readable name per stylesheet. */
  production: boolean;
  /**
   * Development: the last graph, used when a route does not compile (the dev bundle shows that
   * error on the routes that import the file; the rest of the site keeps its styles).
   */
  lastGraph?: RouteGraph;
}

/** The files whose module graphs the styles pass reads: routes and error pages, the middleware, worker.ts. */
export function graphFiles(root: string, scan: ScanResult): string[] {
  const routes = [...scan.routes, scan.notFound, scan.serverError].filter((r) => r !== undefined && r.kind !== 'redirect');
  const worker = findSiteWorker(root);
  return [...routes.map((r) => r!.file), ...(scan.middleware ? [scan.middleware] : []), ...(worker ? [worker.file] : [])];
}

/** Writes the site's stylesheets and imported assets; returns each route's links. */
export async function buildSiteStyles(options: SiteStylesOptions): Promise<SiteStyles> {
  const { wiring, base, siteDir } = options;
  const { root, transformer } = wiring;
  let graph: RouteGraph;
  let graphError: unknown;
  try {
    graph = await routeGraph(root, options.routeFiles, base, siteDir);
  } catch (error) {
    graphError = error;
    graph = options.lastGraph ?? { byRoute: new Map(), stylesheets: [], assets: new Map() };
  }
  wiring.graphFailed = graphError !== undefined;
  const { urls, changed } = await writeStylesheets({ root, files: graph.stylesheets, base, siteDir, transformer, production: options.production });
  const links = new Map<string, string[]>();
  for (const [route, sheets] of graph.byRoute) {
    if (sheets.length > 0) links.set(route, [...new Set(sheets.map((sheet) => urls.get(sheet)!))]);
  }
  wiring.assets.clear();
  for (const [file, url] of graph.assets) wiring.assets.set(file, url);
  return { links, stylesheets: urls.size, assets: new Set(graph.assets.values()).size, changed, graph, graphError };
}

/** One summary line, or none when the site imports no styles or assets. */
export function formatStyles(styles: SiteStyles): string | undefined {
  if (styles.stylesheets === 0 && styles.assets === 0) return undefined;
  const linked = styles.links.size;
  return `styles: ${styles.stylesheets} stylesheet${styles.stylesheets === 1 ? '' : 's'} linked by ${linked} route${linked === 1 ? '' : 's'}, ${styles.assets} imported asset${styles.assets === 1 ? '' : 's'}`;
}

/** Bundles a site with esbuild, as its wiring (site-wiring.ts) says: the prerender module (Node, every route) and the server entry. */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Manifest } from '../manifest.ts';
import { siteBundleOptions, toBuildError } from './esbuild-options.ts';
import { precompilePlugin, type PrecompileCache } from './jsx/precompile-plugin.ts';
import { failOnRefused, nodeBuiltinsPlugin, type NodeBuiltins } from './node-builtins.ts';
import { cloudflareShimPlugin } from './cloudflare-shim.ts';
import { honoIntrinsicsPlugin } from './hono-intrinsics.ts';
import { honoJsxServerPlugin } from './hono-jsx-server.ts';
import { namesPlugin } from './names-plugin.ts';
import { minifyAgain } from './second-minify.ts';
import { bundleInvalidates } from './route-cache-use.ts';
import type { SessionWiring } from './session-wiring.ts';
import {
  hasConditionalParts,
  prerenderEntrySource,
  serverEntrySource,
  unconditionalParts,
  usedParts,
  wiringEntries,
  wiringPlugins,
  type SiteWiring,
} from './site-wiring.ts';

export interface BundleInfo {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Inputs by bytes they contribute to the output, largest first. */
  largest: Array<{ path: string; bytes: number }>;
  /** The session driver bundled, when the site's code reads `ctx.session`. */
  session?: SessionWiring;
  /** The wiring as bundled (the parts the site uses): the start-up probe loads the same. */
  wiring: SiteWiring;
  /** The site's code may call invalidate() (the route cache then needs a place for tag times). */
  invalidates: boolean;
}

/** The prerender module: every route and the handler in prerendering mode, for Node. */
export async function bundlePrerender(wiring: SiteWiring, manifest: Manifest, outfile: string, precompile?: PrecompileCache): Promise<Metafile> {
  const source = prerenderEntrySource(wiring, manifest);
  const root = wiring.root;
  mkdirSync(dirname(outfile), { recursive: true });
  try {
    const result = await build({
      ...siteBundleOptions(root),
      stdin: { contents: source, resolveDir: root, sourcefile: 'edgepress-prerender-entry.js', loader: 'js' },
      outfile,
      platform: 'node',
      sourcemap: 'inline',
      // As in the server bundle: the renderer knows hono's boundaries by name, and esbuild renames on a clash.
      keepNames: true,
      metafile: true,
      plugins: [cloudflareShimPlugin(), ...wiringPlugins(wiring, precompile), ...(precompile ? [precompilePlugin(precompile)] : []), honoIntrinsicsPlugin()],
    });
    return result.metafile;
  } catch (error) {
    throw toBuildError(error, root);
  }
}

export interface ServerBundleOptions {
  /** Routes, middleware and parts (sessions, islands...): see site-wiring.ts. */
  wiring: SiteWiring;
  manifest: Manifest;
  /** The adapter's request-time entry module; its `createEntry(app, options)` is the bundle's default export. */
  entry: string;
  entryOptions?: unknown;
  outfile: string;
  platform?: 'browser' | 'node' | 'neutral';
  conditions?: string[];
  external?: string[];
  minify?: boolean;
  /** Extra source prepended to the entry (e.g. an embedded asset table). */
  prelude?: string;
  /** The Node builtins the platform provides (ignored for platform 'node', which has them all). */
  nodeBuiltins?: NodeBuiltins;
  /** Compiles the site's JSX into templates (config `jsx.precompile`); absent: left to esbuild. */
  precompile?: PrecompileCache;
  /** A development bundle: keeps the development-only code. */
  dev?: boolean;
  /** `cloudflare:` imports get the build-time shim (a bundle evaluated in Node that stands for a Worker's). */
  shimCloudflare?: boolean;
}

function largestInputs(metafile: Metafile, root: string): Array<{ path: string; bytes: number }> {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = input.includes('node_modules/') ? input.slice(input.lastIndexOf('node_modules/') + 13) : relative(root, input) || input;
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Writes `content` to `file` whole, then renames it into place: a watching `wrangler dev` never reads half a file. */
export function writeAtomically(file: string, content: Uint8Array | string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

/**
 * The server entry: manifest as data, on-demand route modules loaded lazily, the adapter's entry.
 * Built first with the parts that are always there; if the site's code uses a part that ships
 * only when used (sessions), built again with it. Only the bundle kept is minified again and written.
 */
export async function bundleServer(options: ServerBundleOptions): Promise<BundleInfo> {
  if (!hasConditionalParts(options.wiring)) return finish(options, await bundleOnce(options));
  const first = await bundleOnce({ ...options, wiring: unconditionalParts(options.wiring) });
  const wiring = usedParts(options.wiring, first.metafile);
  return finish(options, wiring.parts.length === first.wiring.parts.length ? first : await bundleOnce({ ...options, wiring }));
}

/** What esbuild made of one wiring, not yet written. */
interface Built {
  wiring: SiteWiring;
  code: Uint8Array;
  map: Uint8Array | undefined;
  metafile: Metafile;
  refused: Array<{ name: string; importer: string }>;
  builtins: NodeBuiltins;
  /** A production bundle: minified again as a whole (second-minify.ts). */
  minifyAgain: boolean;
}

async function bundleOnce(options: ServerBundleOptions): Promise<Built> {
  const { wiring, outfile } = options;
  const root = wiring.root;
  const source = serverEntrySource(wiring, { ...options, trim: options.dev !== true });
  const refused: Array<{ name: string; importer: string }> = [];
  const builtins = options.nodeBuiltins ?? { runtime: 'this platform', provided: [] };
  // A minified production bundle keeps only the names that are read: the site's functions and classes
  // (the precompile transform and namesPlugin), the framework's classes, hono's Suspense/ErrorBoundary
  // (hono-jsx-server.ts). esbuild's keepNames names every function (1.8 KB gzip of the bench site).
  const keepNames = !options.precompile || options.dev === true || options.minify === false;
  try {
    const shared = siteBundleOptions(root, options.dev);
    const result = await build({
      ...shared,
      // It never prerenders (the prerender module does), except in development, which renders every route.
      define: { ...shared.define, __EDGEPRESS_PRERENDERS__: String(options.dev === true) },
      stdin: { contents: source, resolveDir: root, sourcefile: 'edgepress-server-entry.js', loader: 'js' },
      outfile,
      platform: options.platform ?? 'browser',
      conditions: options.conditions ?? ['workerd', 'worker', 'edge-light', 'browser'],
      external: options.external ?? [],
      minify: options.minify ?? true,
      // Component and error names stay readable in logs and ResponseSentError messages (see keepNames above).
      keepNames,
      metafile: true,
      // bench/tools/bundle-profile.ts: a map beside the bundle (external: the bundle's bytes do not change).
      sourcemap: process.env.EDGEPRESS_SERVER_SOURCEMAP === '1' ? 'external' : undefined,
      write: false,
      plugins: [
        ...(options.shimCloudflare ? [cloudflareShimPlugin()] : []),
        ...wiringPlugins(wiring, options.precompile),
        ...(options.precompile ? [precompilePlugin(options.precompile)] : []),
        ...(options.platform === 'node' ? [] : [nodeBuiltinsPlugin(builtins, refused, root)]),
        honoJsxServerPlugin({ boundaryStandIns: wiring.trimsRenderer === true && !wiring.parts.some((part) => part.name === 'hono-renderer') }),
        honoIntrinsicsPlugin(),
        ...(keepNames ? [] : [namesPlugin()]),
      ],
    });
    const map = result.outputFiles!.find((file) => file.path.endsWith('.map'));
    const code = result.outputFiles!.find((file) => file !== map)!.contents;
    return { wiring, code, map: map?.contents, metafile: result.metafile!, refused, builtins, minifyAgain: !keepNames && options.minify !== false };
  } catch (error) {
    throw toBuildError(error, root);
  }
}

/** Minifies the kept bundle again (production), writes it and its maps, and describes it. */
function finish(options: ServerBundleOptions, built: Built): BundleInfo & { metafile: Metafile } {
  const { outfile } = options;
  const { wiring, metafile, map } = built;
  failOnRefused(built.refused, metafile, wiringEntries(wiring), built.builtins);
  mkdirSync(dirname(outfile), { recursive: true });
  let code = built.code;
  if (built.minifyAgain) {
    const again = minifyAgain(new TextDecoder().decode(code), map !== undefined);
    // The profile's maps: esbuild's (its output -> sources) and oxc's (the bundle -> esbuild's output).
    if (map && again.map) {
      writeAtomically(`${outfile}.esbuild.js`, code);
      writeAtomically(`${outfile}.esbuild.js.map`, map);
      writeAtomically(`${outfile}.map`, again.map);
    } else if (map) writeAtomically(`${outfile}.map`, map);
    code = new TextEncoder().encode(again.code);
  } else if (map) writeAtomically(`${outfile}.map`, map);
  writeAtomically(outfile, code);
  return {
    file: outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    largest: largestInputs(metafile, wiring.root),
    session: wiring.session,
    wiring,
    invalidates: bundleInvalidates(metafile, wiring.root),
    metafile,
  };
}

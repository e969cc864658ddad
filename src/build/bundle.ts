/** Bundles a site with esbuild: the prerender module (Node, every route) and the server entry (on-demand routes only). */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Manifest, RouteEntry } from '../manifest.ts';
import { siteBundleOptions, toBuildError } from './esbuild-options.ts';
import { frameworkModule } from './framework-paths.ts';
import { precompilePlugin, type PrecompileCache } from './jsx/precompile-plugin.ts';
import { failOnRefused, nodeBuiltinsPlugin, type NodeBuiltins } from './node-builtins.ts';
import { bundleUsesSessions, type SessionWiring } from './session-wiring.ts';
import type { IslandFiles } from './islands/find-islands.ts';
import { islandsPlugin } from './islands/islands-plugin.ts';

/** The site's deferred components and the keys their props are sealed with (absent or empty: no islands code). */
export interface IslandsWiring {
  files: IslandFiles;
  keys: string[];
}

export interface BundleInfo {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Inputs by bytes they contribute to the output, largest first. */
  largest: Array<{ path: string; bytes: number }>;
  /** The session driver bundled, when the site's code reads `ctx.session`. */
  session?: SessionWiring;
}

/** JS source for the lazy module map of `routes`. */
function moduleMap(root: string, routes: RouteEntry[]): string {
  const entries = [...new Set(routes.map((r) => r.file))].map(
    (file) => `  ${JSON.stringify(file)}: () => import(${JSON.stringify(join(root, file))}),`,
  );
  return `{\n${entries.join('\n')}\n}`;
}

/** The entry's `islands` field and its import: lazy island modules by id, and the build's keys. */
function islandsSource(manifest: Manifest, islands: IslandsWiring | undefined, withModules: boolean): { imports: string; field: string } {
  if (!islands || islands.files.size === 0) return { imports: '', field: '' };
  const modules = withModules
    ? [...islands.files].flatMap(([file, calls]) => calls.map((call) => `  ${JSON.stringify(call.id)}: () => import(${JSON.stringify(file)}),`)).join('\n')
    : '';
  return {
    imports: `import { islandSupport } from ${JSON.stringify(frameworkModule('src/runtime/islands/setup'))};\n`,
    field: `, islands: islandSupport({\n${modules}\n}, ${JSON.stringify(islands.keys)}, ${JSON.stringify(manifest.base)})`,
  };
}

function middlewareImport(root: string, middleware: string | undefined): string {
  return middleware ? `() => import(${JSON.stringify(join(root, middleware))})` : 'undefined';
}

/** The prerender module: every route and the handler in prerendering mode, for Node. */
export async function bundlePrerender(
  root: string,
  manifest: Manifest,
  routes: RouteEntry[],
  middleware: string | undefined,
  outfile: string,
  precompile?: PrecompileCache,
  islands?: IslandsWiring,
): Promise<void> {
  // Prerendering seals props only: no island module is imported by id.
  const island = islandsSource(manifest, islands, false);
  const source = `import { createHandler } from ${JSON.stringify(frameworkModule('src/runtime/handler'))};
${island.imports}export const manifest = ${JSON.stringify(manifest)};
export const modules = ${moduleMap(root, routes)};
export const handler = createHandler({ manifest, modules, middleware: ${middlewareImport(root, middleware)}${island.field} }, { prerendering: true });
`;
  mkdirSync(dirname(outfile), { recursive: true });
  try {
    await build({
      ...siteBundleOptions(root),
      stdin: { contents: source, resolveDir: root, sourcefile: 'edgepress-prerender-entry.js', loader: 'js' },
      outfile,
      platform: 'node',
      sourcemap: 'inline',
      // As in the server bundle: the renderer knows hono's boundaries by name, and esbuild renames on a clash.
      keepNames: true,
      plugins: [...(islands ? [islandsPlugin(root, islands.files, precompile)] : []), ...(precompile ? [precompilePlugin(precompile)] : [])],
    });
  } catch (error) {
    throw toBuildError(error, root);
  }
}

export interface ServerBundleOptions {
  root: string;
  manifest: Manifest;
  /** The on-demand routes (and on-demand error pages) whose code ships. */
  routes: RouteEntry[];
  middleware: string | undefined;
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
  /** The session driver to bundle if the site's code reads `ctx.session`. */
  session?: SessionWiring;
  /** Bundle the session driver whether or not the code reads it (dev). */
  alwaysSession?: boolean;
  /** The site's deferred components: their modules ship, whoever uses them. */
  islands?: IslandsWiring;
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

/** The server entry's source: the manifest as data, route modules loaded lazily, the adapter's `createEntry`. */
export function serverEntrySource(options: Pick<ServerBundleOptions, 'root' | 'manifest' | 'routes' | 'middleware' | 'entry' | 'entryOptions' | 'prelude' | 'session' | 'islands'>): string {
  const session = options.session;
  const sessionImports = session
    ? `import { sessionSupport } from ${JSON.stringify(frameworkModule('src/runtime/session/setup'))};
import ${session.factory === 'default' ? 'sessionDriver' : `{ ${session.factory} as sessionDriver }`} from ${JSON.stringify(session.module)};
`
    : '';
  const sessionField = session ? `, session: sessionSupport(${session.args ? `sessionDriver(...${JSON.stringify(session.args)})` : 'sessionDriver'}, ${JSON.stringify(session.settings)})` : '';
  const island = islandsSource(options.manifest, options.islands, true);
  return `${options.prelude ?? ''}import { createEntry } from ${JSON.stringify(options.entry)};
${sessionImports}${island.imports}const manifest = JSON.parse(${JSON.stringify(JSON.stringify(options.manifest))});
const modules = ${moduleMap(options.root, options.routes)};
export default createEntry({ manifest, modules, middleware: ${middlewareImport(options.root, options.middleware)}${sessionField}${island.field} }, ${JSON.stringify(options.entryOptions ?? {})});
`;
}

/** Writes `content` to `file` whole, then renames it into place: a watching `wrangler dev` never reads half a file. */
export function writeAtomically(file: string, content: Uint8Array | string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

/**
 * The server entry: manifest as data, on-demand route modules loaded lazily, the adapter's entry.
 * Built without sessions first; if the site's code in it reads `ctx.session`, built again with them.
 */
export async function bundleServer(options: ServerBundleOptions): Promise<BundleInfo> {
  if (options.session && options.alwaysSession) return bundleOnce(options);
  const first = await bundleOnce({ ...options, session: undefined }, options.session !== undefined);
  return options.session && first.usesSessions ? bundleOnce(options) : first;
}

async function bundleOnce(options: ServerBundleOptions, detectSessions = false): Promise<BundleInfo & { usesSessions: boolean }> {
  const { root, outfile } = options;
  const source = serverEntrySource(options);
  mkdirSync(dirname(outfile), { recursive: true });
  let metafile: Metafile;
  let code: Uint8Array;
  const refused: Array<{ name: string; importer: string }> = [];
  const builtins = options.nodeBuiltins ?? { runtime: 'this platform', provided: [] };
  try {
    const result = await build({
      ...siteBundleOptions(root, options.dev),
      stdin: { contents: source, resolveDir: root, sourcefile: 'edgepress-server-entry.js', loader: 'js' },
      outfile,
      platform: options.platform ?? 'browser',
      conditions: options.conditions ?? ['workerd', 'worker', 'edge-light', 'browser'],
      external: options.external ?? [],
      minify: options.minify ?? true,
      // Component and error names stay readable in logs and ResponseSentError messages.
      keepNames: true,
      metafile: true,
      write: false,
      plugins: [
        ...(options.islands ? [islandsPlugin(root, options.islands.files, options.precompile)] : []),
        ...(options.precompile ? [precompilePlugin(options.precompile)] : []),
        ...(options.platform === 'node' ? [] : [nodeBuiltinsPlugin(builtins, refused, root)]),
      ],
    });
    metafile = result.metafile!;
    code = result.outputFiles![0]!.contents;
  } catch (error) {
    throw toBuildError(error, root);
  }
  const islandFiles = [...(options.islands?.files.keys() ?? [])].map((file) => relative(root, file));
  const entries = [...options.routes.map((r) => r.file), ...(options.middleware ? [options.middleware] : []), ...islandFiles];
  failOnRefused(refused, metafile, entries, builtins);
  writeAtomically(outfile, code);
  return {
    file: outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    largest: largestInputs(metafile, root),
    session: options.session,
    usesSessions: detectSessions && bundleUsesSessions(metafile, root),
  };
}

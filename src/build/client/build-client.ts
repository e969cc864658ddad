/**
 * The client build: one esbuild run over the site's browser code. Each island module is an entry
 * (`(el) => hydrate(el, module)`), shared code goes into chunks (ESM splitting), names carry a
 * content hash, and everything lands in `{siteDir}/_edgepress/`. `hono/jsx` resolves to
 * `hono/jsx/dom` here, one copy for every module. Returns what the server needs to write islands
 * into pages (each module's URL and static imports) and the metafile, for other client inputs.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ClientIslandModule } from '../../runtime/client-islands/island.ts';
import { toBuildError } from '../esbuild-options.ts';
import { frameworkModule, FRAMEWORK_NODE_MODULES } from '../framework-paths.ts';
import type { IslandModule } from './island-modules.ts';
import { failOnServerOnly, serverOnlyPlugin, type ServerOnlyImport } from './server-only-plugin.ts';

/** Where hashed client files go, under the base. */
export const CLIENT_DIR = '_edgepress';

export interface ClientBuildOptions {
  root: string;
  /** The site's base path ('/' or '/docs/'). */
  base: string;
  /** dist/client plus the base: the files go in its `_edgepress/`. */
  siteDir: string;
  islands: IslandModule[];
  /** Development: unminified, inline source maps. */
  dev?: boolean;
  /** More plugins for the client graph (e.g. CSS and asset loaders). */
  plugins?: Plugin[];
}

export interface ClientBuild {
  /** Each island module's browser module and preloads, by absolute path. */
  islands: Map<string, ClientIslandModule>;
  /** Every file written, as URL paths. */
  files: string[];
  /** esbuild's metafile (paths relative to the root). */
  metafile: Metafile;
}

const ENTRY = 'edgepress-island';
const HONO_DOM: Record<string, string> = {
  'hono/jsx': 'hono/jsx/dom',
  'hono/jsx/jsx-runtime': 'hono/jsx/dom/jsx-runtime',
  'hono/jsx/jsx-dev-runtime': 'hono/jsx/dom/jsx-dev-runtime',
};

/** Island entries as virtual modules, and one hono for every import (hooks keep their state in it). */
function clientPlugin(root: string, islands: IslandModule[]): Plugin {
  const byFile = new Map(islands.map((island) => [island.file, island]));
  const hydrate = frameworkModule('src/runtime/client-islands/hydrate');
  return {
    name: 'edgepress-client',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ENTRY}:`) }, (args) => ({ path: args.path.slice(ENTRY.length + 1), namespace: ENTRY }));
      build.onLoad({ filter: /.*/, namespace: ENTRY }, (args) => {
        const island = byFile.get(args.path)!;
        // Named imports, not a namespace object: esbuild would add its export helper (one more chunk) for that.
        const names = island.exports.map((name, i) => `${JSON.stringify(name)} as e${i}`).join(', ');
        const fields = island.exports.map((name, i) => `${JSON.stringify(name)}: e${i}`).join(', ');
        return {
          contents: `import { ${names} } from ${JSON.stringify(island.path)};\nimport { hydrate } from ${JSON.stringify(hydrate)};\nexport default (el) => hydrate(el, { ${fields} });\n`,
          loader: 'js',
          resolveDir: root,
        };
      });
      build.onResolve({ filter: /^hono(?:\/.*)?$/ }, async (args) => {
        if (args.pluginData === ENTRY) return undefined;
        return build.resolve(HONO_DOM[args.path] ?? args.path, { kind: args.kind, resolveDir: root, pluginData: ENTRY });
      });
    },
  };
}

/** The output name of an island module: its path under islands/ without the extension. */
function outName(file: string): string {
  return file.replace(/^islands\//, '').replace(/\.[^./]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** The outputs `start` imports statically, itself first (what a page preloads for it). */
function staticImports(metafile: Metafile, start: string): string[] {
  const seen = [start];
  for (let i = 0; i < seen.length; i++) {
    for (const imported of metafile.outputs[seen[i]!]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external && !seen.includes(imported.path)) seen.push(imported.path);
    }
  }
  return seen;
}

/** True when `path` holds exactly `bytes`. */
function sameBytes(path: string, bytes: Uint8Array): boolean {
  try {
    return readFileSync(path).equals(bytes);
  } catch {
    return false;
  }
}

/** Bundles the islands for the browser into `{siteDir}/_edgepress/`. Throws BuildError naming the file and the fix. */
export async function buildClient(options: ClientBuildOptions): Promise<ClientBuild> {
  const { root, siteDir, islands } = options;
  const outdir = join(siteDir, CLIENT_DIR);
  const found: ServerOnlyImport[] = [];
  let result;
  try {
    result = await build({
      entryPoints: islands.map((island) => ({ in: `${ENTRY}:${island.file}`, out: outName(island.file) })),
      bundle: true,
      format: 'esm',
      splitting: true,
      platform: 'browser',
      target: 'es2022',
      outdir,
      entryNames: '[name]-[hash]',
      chunkNames: 'chunk-[hash]',
      assetNames: '[name]-[hash]',
      minify: !options.dev,
      sourcemap: options.dev ? 'inline' : false,
      jsx: 'automatic',
      jsxImportSource: 'hono/jsx',
      tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'hono/jsx' } },
      define: { __EDGEPRESS_DEV__: String(options.dev ?? false), 'process.env.NODE_ENV': JSON.stringify(options.dev ? 'development' : 'production') },
      nodePaths: [FRAMEWORK_NODE_MODULES],
      absWorkingDir: root,
      logLevel: 'silent',
      legalComments: 'none',
      metafile: true,
      write: false,
      plugins: [serverOnlyPlugin(root, found), clientPlugin(root, islands), ...(options.plugins ?? [])],
    });
  } catch (error) {
    throw toBuildError(error, root);
  }
  const metafile = result.metafile!;
  failOnServerOnly(found, metafile, islands.map((island) => island.file));

  // Nothing is removed: a build starts from an empty dist/client, and in dev a page already open
  // may still import the previous names. A file whose bytes did not change is not written again
  // (wrangler dev watches the folder).
  const url = (output: string): string => options.base + relative(siteDir, resolve(root, output)).split(sep).join('/');
  const files: string[] = [];
  for (const file of result.outputFiles!) {
    if (!sameBytes(file.path, file.contents)) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
    files.push(options.base + relative(siteDir, file.path).split(sep).join('/'));
  }
  const byEntry = new Map(Object.entries(metafile.outputs).filter(([, output]) => output.entryPoint).map(([path, output]) => [output.entryPoint!, path]));
  const modules = new Map<string, ClientIslandModule>();
  for (const island of islands) {
    const output = byEntry.get(`${ENTRY}:${island.file}`)!;
    modules.set(island.path, { file: island.file, src: url(output), preload: staticImports(metafile, output).map(url) });
  }
  return { islands: modules, files, metafile };
}

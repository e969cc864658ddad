/**
 * How `edgepress dev` splits the site's server code in two bundles: the site's own modules,
 * bundled again on each save, and the vendor bundle (the framework and the packages the site
 * imports), bundled once (vendor-bundle.ts). Each vendor module is in the vendor bundle only:
 * the site bundle reads it through `__edgepress_import(path)` (as it reads `node:*` modules, see
 * module-body.ts), from a registry the vendor bundle returns, so hono/jsx's contexts, the
 * renderer's `Suspense`/`ErrorBoundary` and every framework module exist once per load.
 */
import type { Metafile, OnResolveResult, Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { FRAMEWORK_CODE_DIRS, isFrameworkCode } from '../build/framework-paths.ts';
import { modulesIn, PLATFORM_SPECIFIER, standIn } from './module-body.ts';

const NAMESPACE = 'edgepress-vendor';
const MARKER = 'edgepress-vendor-split';
/** Scripts only: a package's stylesheet or asset stays with the site's bundle (the styles plugin makes it a class map or a URL). */
const SCRIPT = /\.(?:[cm]?[jt]sx?|json)$/;
/**
 * Bare specifiers (not `data:` URLs: the stand-ins' own reads), and absolute paths into the
 * framework or a node_modules folder (the site's own, as the entry names its routes, never reach JS).
 */
const ASKED = new RegExp(`^(?:[^./d]|d(?:[^a]|$)|da(?:[^t]|$)|dat(?:[^a]|$)|data(?:[^:]|$))|^(?:${FRAMEWORK_CODE_DIRS.map((dir) => dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})|[\\/]node_modules[\\/]`);

/** True when `file` (absolute) belongs in the vendor bundle: a script of a package or of the framework. */
export function isVendorFile(file: string): boolean {
  return SCRIPT.test(file) && (file.split(sep).includes('node_modules') || isFrameworkCode(file));
}

/**
 * Imports that resolve to vendor files become reads of the vendor registry. Only bare
 * specifiers and absolute paths of vendor folders are asked about (each question is a call into
 * JS on every rebuild): a relative import is the site's own file. `resolved` remembers answers between rebuilds (a
 * package's resolution does not change with a save; the owner clears it when packages may have).
 * `require()` keeps the module in the site's bundle: it expects a CommonJS module's own exports.
 */
export function vendorSplitPlugin(resolved: Map<string, OnResolveResult>): Plugin {
  return {
    name: 'edgepress-dev-vendor-split',
    setup(build) {
      build.onResolve({ filter: ASKED }, async (args) => {
        // Its own question, the platform's modules (module-body.ts), and require().
        if (args.pluginData === MARKER || PLATFORM_SPECIFIER.test(args.path) || args.kind === 'require-call' || args.kind === 'require-resolve') return undefined;
        if (isAbsolute(args.path)) return isVendorFile(args.path) && existsSync(args.path) ? { path: args.path, namespace: NAMESPACE } : undefined;
        const key = `${args.resolveDir}\0${args.path}`;
        const known = resolved.get(key);
        if (known) return known;
        const result = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: MARKER });
        if (result.errors.length > 0) return { errors: result.errors };
        if (result.external || result.namespace !== 'file' || !isVendorFile(result.path)) return result;
        const vendor = { path: result.path, namespace: NAMESPACE };
        resolved.set(key, vendor);
        return vendor;
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => standIn(args.path));
    },
  };
}

/** The vendor modules (absolute paths) a site bundle reads, from its metafile. */
export function vendorModulesOf(metafile: Metafile): string[] {
  return modulesIn(metafile, NAMESPACE);
}

/**
 * The vendor bundle's entry: each module's namespace under its path. Marked `__esModule`, so the
 * site's reads give `import x from` the module's default export; its getters keep live bindings.
 */
export function vendorEntrySource(modules: string[]): string {
  const imports = modules.map((file, i) => `import * as m${i} from ${JSON.stringify(file)};\n`).join('');
  const fields = modules.map((file, i) => `  ${JSON.stringify(file)}: esm(m${i}),\n`).join('');
  // A CommonJS module's namespace may hold its own __esModule (copied from its exports): ours replaces it.
  return `${imports}const esm = (namespace) => {
  const { __esModule, ...fields } = Object.getOwnPropertyDescriptors(namespace);
  return Object.create(null, { ...fields, __esModule: { value: true } });
};
export default {
${fields}};
`;
}

/**
 * One metafile for both bundles, as if they were one: each registry read in the site's imports
 * the vendor module it names, so import chains (a refused `node:` module) and the session rule
 * see the packages the site's code reaches.
 */
export function joinedMetafile(site: Metafile, vendor: Metafile, root: string): Metafile {
  const inputs: Metafile['inputs'] = { ...vendor.inputs, ...site.inputs };
  for (const file of vendorModulesOf(site)) {
    const name = `${NAMESPACE}:${file}`;
    inputs[name] = { ...inputs[name]!, imports: [{ path: relative(root, file).split(sep).join('/'), kind: 'require-call' }] };
  }
  return { inputs, outputs: site.outputs };
}

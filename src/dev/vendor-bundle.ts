/**
 * The vendor bundle of `edgepress dev`: the framework and the packages the site's code imports,
 * bundled once per dev session and again only when the vendor modules the site's code imports
 * change (an import of a package added or removed), or a file it was built from changed (the
 * framework's source in this repository, a package after an install: their modification times
 * are compared before each rebuild). A save then bundles and prints the site's own modules only
 * (vendor-split.ts); linking and printing the framework and hono on each save was most of a
 * rebuild. It holds exactly the modules the site imports, as one bundle would: a package the site
 * stopped importing is neither evaluated nor judged (a Node builtin it reaches, the session rule).
 */
import { context, type BuildContext, type Metafile, type Plugin } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NodeBuiltins } from '../build/node-builtins.ts';
import { nodeBuiltinsPlugin } from '../build/node-builtins.ts';
import { devBundleOptions, writeDevOutput } from './dev-bundle.ts';
import { platformModulesOf, platformModulesPlugin } from './module-body.ts';
import { vendorEntrySource } from './vendor-split.ts';

/** A vendor bundle, ready to evaluate: the runner keeps its function and calls it for each load of the site's code. */
export interface VendorCode {
  /** Changes with each vendor build. */
  id: string;
  code: string;
  /** The file stacks name (its source map is beside it). */
  file: string;
  /** The platform modules it asks for (node:*, cloudflare:*). */
  modules: string[];
}

export interface VendorOptions {
  /** The vendor modules the site's code reads (absolute paths). */
  modules: string[];
  /** A file it was built from changed (`stale()`): bundled again. */
  stale: boolean;
  builtins: NodeBuiltins;
  /** Plugins that load files (the JSX precompile, style imports), as the site's bundle has them. */
  plugins: Plugin[];
  /** Part of the context's identity besides the modules (the plugins' settings). */
  key: string;
}

export class VendorBundle {
  private ctx: BuildContext<{ metafile: true; write: false }> | undefined;
  private ctxKey = '';
  /** The vendor modules of the last build, sorted, as text. */
  private modules = '';
  private builds = 0;
  private current: { code: VendorCode; metafile: Metafile } | undefined;
  /** The files the last vendor build read, with their modification times. */
  private inputs: Array<[file: string, mtime: number]> = [];
  /** Node builtins the last vendor build refused (filled by its plugin). */
  readonly refused: Array<{ name: string; importer: string }> = [];

  constructor(
    private readonly root: string,
    readonly file: string,
  ) {}

  /** The vendor bundle holding `options.modules`: the last one when it does and is not stale. Throws esbuild's failure. */
  async bundle(options: VendorOptions): Promise<{ code: VendorCode; metafile: Metafile; built: boolean }> {
    const modules = [...new Set(options.modules)].sort();
    const key = `${options.key}\n${JSON.stringify(options.builtins.provided)}`;
    const same = modules.join('\n') === this.modules && key === this.ctxKey;
    if (this.current && same && !options.stale) return { ...this.current, built: false };
    this.current = undefined;
    // Other modules (or plugins) are a new entry, so a new context; a stale one is built again incrementally.
    if (!this.ctx || !same) {
      await this.ctx?.dispose();
      this.ctx = undefined;
      this.modules = '';
      const refused = this.refused;
      this.ctx = await context({
        ...devBundleOptions(this.root, this.file),
        // Named as the site's own files are taken (`.mjs` in a "type": "module" package): esbuild then
        // gives a CommonJS package's default import what it gives the site's modules in a build.
        stdin: { contents: vendorEntrySource(modules), resolveDir: this.root, sourcefile: `edgepress-dev-vendor.${isModulePackage(this.root) ? 'mjs' : 'js'}`, loader: 'js' },
        plugins: [
          { name: 'edgepress-dev-vendor-start', setup: (build) => build.onStart(() => void (refused.length = 0)) },
          platformModulesPlugin(),
          ...options.plugins,
          nodeBuiltinsPlugin(options.builtins, refused, this.root),
        ],
      });
      this.modules = modules.join('\n');
      this.ctxKey = key;
    }
    const result = await this.ctx.rebuild();
    const code = writeDevOutput(result, this.file);
    this.inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !/^[a-z-]+:/i.test(input) && !input.startsWith('<'))
      .map((input) => resolve(this.root, input))
      .map((file) => [file, modified(file)]);
    this.current = { code: { id: `vendor-${++this.builds}`, code, file: this.file, modules: platformModulesOf(result.metafile) }, metafile: result.metafile };
    return { ...this.current, built: true };
  }

  /** True when a file the last vendor build read has changed or is gone since. */
  stale(): boolean {
    return this.inputs.some(([file, mtime]) => modified(file) !== mtime);
  }

  /** Stops esbuild's incremental context. */
  async dispose(): Promise<void> {
    await this.ctx?.dispose();
    this.ctx = undefined;
    this.current = undefined;
  }
}

/** A file's modification time (-1 when it is gone). */
function modified(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** True when the package.json at `root` says `"type": "module"`. */
function isModulePackage(root: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: string }).type === 'module';
  } catch {
    return false;
  }
}

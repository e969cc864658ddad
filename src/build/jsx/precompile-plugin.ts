/** The esbuild plugin that runs the precompile transform over a site's own .tsx/.jsx files. */
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { frameworkModule } from '../framework-paths.ts';
import { withNames } from './component-names.ts';
import { precompileJsx, type PrecompileStats } from './precompile.ts';

const TEMPLATE_MODULE = frameworkModule('src/runtime/render/template-node');
const DEPENDENCY = /[\\/]node_modules[\\/]/;

/**
 * One build's transform results by file, shared by its bundles (the prerender module and the
 * server entry transform the same files once), with the totals the summary prints.
 */
export class PrecompileCache {
  /** `mapContent` false: maps without the source text (the dev server's, which reads files from disk). */
  constructor(private readonly mapContent = true) {}

  private readonly files = new Map<string, { source: string; contents: string | undefined; stats: PrecompileStats | undefined }>();

  /** The transformed module (with an inline source map), or undefined to let esbuild load the file as it is. */
  async transform(file: string, source: string): Promise<string | undefined> {
    const hit = this.files.get(file);
    if (hit && hit.source === source) return hit.contents;
    const result = await precompileJsx(source, file, TEMPLATE_MODULE, this.mapContent);
    const output = result?.output;
    // Component names survive a bundle minified without keepNames (component-names.ts).
    const code = withNames(output?.code ?? source, file, 'site') ?? output?.code;
    const contents = output ? `${code}\n//# sourceMappingURL=${output.map.toUrl()}\n` : code;
    this.files.set(file, { source, contents, stats: result?.stats });
    return contents;
  }

  /** Totals over every file transformed. */
  totals(): PrecompileStats {
    const total: PrecompileStats = { compiled: 0, fallback: {}, templates: 0 };
    for (const { stats } of this.files.values()) {
      if (!stats) continue;
      total.compiled += stats.compiled;
      total.templates += stats.templates;
      for (const [reason, n] of Object.entries(stats.fallback)) total.fallback[reason] = (total.fallback[reason] ?? 0) + n;
    }
    return total;
  }
}

/** Compiles the JSX of every .tsx/.jsx file outside node_modules into templates. */
export function precompilePlugin(cache: PrecompileCache): Plugin {
  return {
    name: 'edgepress-jsx-precompile',
    setup(build) {
      build.onLoad({ filter: /\.[jt]sx$/, namespace: 'file' }, async (args) => {
        if (DEPENDENCY.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const contents = await cache.transform(args.path, source);
        if (contents === undefined) return undefined;
        return { contents, loader: args.path.endsWith('.jsx') ? 'jsx' : 'tsx', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** One line for the build summary. */
export function formatPrecompile(stats: PrecompileStats): string {
  const reasons = Object.entries(stats.fallback).sort((a, b) => b[1] - a[1]);
  const fellBack = reasons.reduce((n, [, k]) => n + k, 0);
  const why = reasons.length > 0 ? ` (${reasons.map(([reason, n]) => `${reason}: ${n}`).join(', ')})` : '';
  return `jsx precompile: ${stats.compiled} elements compiled into ${stats.templates} templates, ${fellBack} kept as runtime calls${why}`;
}

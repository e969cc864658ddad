/** The esbuild plugin that writes island ids into the site's `defer()` calls (then runs the JSX precompile on them, if on). */
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, extname, relative } from 'node:path';
import type { PrecompileCache } from '../jsx/precompile-plugin.ts';
import { deferCalls, withIslandIds, type IslandFiles } from './find-islands.ts';

const LOADERS = { '.tsx': 'tsx', '.jsx': 'jsx', '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.js': 'js', '.mjs': 'js', '.cjs': 'js' } as const;

/** Loads the files of `islands` with their ids written in; every other file is left to the next plugin. */
export function islandsPlugin(root: string, islands: IslandFiles, precompile?: PrecompileCache): Plugin {
  return {
    name: 'edgepress-islands',
    setup(build) {
      if (islands.size === 0) return;
      // Exactly the island files: any other file never reaches JS (one callback per file slowed dev rebuilds).
      const filter = new RegExp(`^(${[...islands.keys()].map((file) => file.replace(/[.*+?^$\{\}()|[\]\\]/g, '\\$&')).join('|')})$`);
      build.onLoad({ filter, namespace: 'file' }, async (args) => {
        if (!islands.has(args.path)) return undefined;
        // Found again in the text esbuild reads: the file may have changed since the scan (dev).
        const text = await readFile(args.path, 'utf8');
        const source = withIslandIds(text, deferCalls(text, relative(root, args.path)));
        const ext = extname(args.path) as keyof typeof LOADERS;
        const jsx = ext === '.tsx' || ext === '.jsx';
        const contents = (jsx && precompile ? await precompile.transform(args.path, source) : undefined) ?? source;
        return { contents, loader: LOADERS[ext] ?? 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

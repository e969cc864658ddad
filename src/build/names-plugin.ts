/**
 * Names through a minifier without keepNames (src/build/jsx/component-names.ts), for the modules no
 * other plugin loads: the site's other scripts (components and classes) and the framework's own
 * (its error classes, logged by class name). Put it after every plugin that loads site files.
 */
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FRAMEWORK_ROOT } from './framework-paths.ts';
import { withNames } from './jsx/component-names.ts';

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const DEPENDENCY = /[\\/]node_modules[\\/]/;
const LOADERS = { ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', js: 'js', mjs: 'js', cjs: 'js', jsx: 'jsx' } as const;

export function namesPlugin(): Plugin {
  const framework = ['src/', 'adapters/', 'lib/'].map((dir) => join(FRAMEWORK_ROOT, dir));
  return {
    name: 'edgepress-names',
    setup(build) {
      build.onLoad({ filter: SCRIPT, namespace: 'file' }, async (args) => {
        const ours = framework.some((dir) => args.path.startsWith(dir));
        if (!ours && DEPENDENCY.test(args.path)) return undefined;
        const contents = withNames(await readFile(args.path, 'utf8'), args.path, ours ? 'framework' : 'site');
        if (contents === undefined) return undefined;
        const loader = LOADERS[args.path.slice(args.path.lastIndexOf('.') + 1) as keyof typeof LOADERS];
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}

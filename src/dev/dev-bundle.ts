/**
 * What the two bundles of `edgepress dev` share (the site's own modules, rebuilt per save, and the
 * vendor bundle of the framework and packages, built once): esbuild's options and what is done
 * with its output, a function body the runner evaluates (module-body.ts) and its source map on disk.
 */
import type { BuildOptions, BuildResult } from 'esbuild';
import { writeAtomically } from '../build/bundle.ts';
import { siteBundleOptions } from '../build/esbuild-options.ts';
import { asFunctionBody } from './module-body.ts';

/** esbuild options of a dev bundle of the site at `root`, written (by `writeDevOutput`) to `outfile`. */
export function devBundleOptions(root: string, outfile: string): BuildOptions & { metafile: true; write: false } {
  return {
    ...siteBundleOptions(root, true),
    outfile,
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    // `cloudflare:*` (env, DurableObject...) as in production: workerd provides them, here through the runner (platformModulesPlugin).
    keepNames: true,
    sourcemap: 'external',
    // Code frames read the files themselves: a map without their text is made and written faster.
    sourcesContent: false,
    metafile: true,
    write: false,
  };
}

/** The bundle's code as a function body; it and its source map are written beside `outfile` for the stack mapper (and a person reading them). */
export function writeDevOutput(result: BuildResult<{ write: false }>, outfile: string): string {
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!;
  const code = asFunctionBody(result.outputFiles.find((f) => f.path.endsWith('.js'))!.text);
  writeAtomically(`${outfile}.map`, map.contents);
  writeAtomically(outfile, code);
  return code;
}

/** Bundles the baseline worker with esbuild, as a hand-written hono worker would be shipped. */
import { build } from 'esbuild';
import { join } from 'node:path';

/** Writes the minified worker (`worker.tsx`, or another module of this folder) to `outfile` and returns it. */
export async function bundleBaseline(outfile: string, entry = 'worker.tsx'): Promise<string> {
  await build({
    entryPoints: [join(import.meta.dirname, entry)],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return outfile;
}

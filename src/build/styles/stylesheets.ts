/**
 * Writes each stylesheet JS imports as one file under `<base>_assets/`, named by its content hash:
 * esbuild bundles its `@import`s, hashes what `url()` points at (assets beside it), and minifies.
 * One output per imported file is what lets two pages that share a layout share its file.
 */
import { build, type Message, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { BuildError } from '../build-error.ts';
import { siteBundleOptions, toBuildError } from '../esbuild-options.ts';
import { ASSETS_DIR, assetOptions } from './asset-options.ts';
import type { StyleTransformer } from './style-transform.ts';

/** Runs each stylesheet through the site's PostCSS and CSS Modules scoping before esbuild parses it. */
function transformPlugin(transformer: StyleTransformer): Plugin {
  return {
    name: 'edgepress-style-transform',
    setup(build) {
      build.onLoad({ filter: /\.css$/i }, async (args) => {
        const { css, dependencies } = await transformer.transform(args.path);
        return { contents: css, loader: 'css', resolveDir: dirname(args.path), watchFiles: [args.path, ...dependencies] };
      });
    },
  };
}

/** esbuild reads past CSS syntax errors with a warning (and drops the rule): for the site's own files that is an error. */
function syntaxError(warnings: Message[], root: string): BuildError | undefined {
  const first = warnings.find((w) => w.id === 'css-syntax-error' && w.location && !w.location.file.includes('node_modules/'));
  if (!first?.location) return undefined;
  const { file, line, column } = first.location;
  return new BuildError(relative(root, join(root, file)), `${line}:${column}: ${first.text} (CSS syntax error)`);
}

/** Unique output names: two `button.module.css` in different folders must not share one. */
function outputNames(files: string[]): string[] {
  const used = new Map<string, number>();
  return files.map((file) => {
    const stem = basename(file).replace(/\.css$/i, '');
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    return `${ASSETS_DIR}/${n === 1 ? stem : `${stem}-${n}`}`;
  });
}

export interface StylesheetOptions {
  root: string;
  /** The stylesheets JS imports, relative to the root. */
  files: string[];
  base: string;
  siteDir: string;
  transformer: StyleTransformer;
  /**
   * Production: minified, content-hashed names. Development: readable, and one name per stylesheet
   * whatever its content, so an edit swaps the file the open page links.
   */
  production: boolean;
}

export interface Stylesheets {
  /** Stylesheet (relative to the root) -> its URL. */
  urls: Map<string, string>;
  /** URLs of the stylesheets whose content this run changed (every one on a first run). */
  changed: string[];
}

/** Builds the stylesheets into `siteDir` (with the assets their `url()`s name). */
export async function writeStylesheets(options: StylesheetOptions): Promise<Stylesheets> {
  const { root, files, base, siteDir, transformer, production } = options;
  const urls = new Map<string, string>();
  const changed: string[] = [];
  if (files.length === 0) return { urls, changed };
  const names = outputNames(files);
  let result: Awaited<ReturnType<typeof build>>;
  try {
    const { define: _define, jsx: _jsx, jsxImportSource: _source, tsconfigRaw: _tsconfig, ...shared } = siteBundleOptions(root);
    result = await build({
      ...shared,
      ...assetOptions(base),
      entryPoints: files.map((file, i) => ({ in: join(root, file), out: names[i]! })),
      entryNames: production ? '[dir]/[name].[hash]' : '[dir]/[name]',
      outdir: siteDir,
      minify: production,
      metafile: true,
      write: false,
      plugins: [transformPlugin(transformer)],
    });
  } catch (error) {
    throw toBuildError(error, root);
  }
  const error = syntaxError(result.warnings, root);
  if (error) throw error;
  const toUrl = (path: string): string => base + relative(siteDir, path).split(sep).join('/');
  for (const [output, info] of Object.entries(result.metafile!.outputs)) {
    if (info.entryPoint) urls.set(info.entryPoint, toUrl(join(root, output)));
  }
  for (const file of files) if (!urls.has(file)) throw new BuildError(file, 'the build wrote no stylesheet for this import (an esbuild output was not found); please report it.');
  for (const output of result.outputFiles!) {
    if (existsSync(output.path) && readFileSync(output.path).equals(output.contents)) continue;
    mkdirSync(dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.contents);
    changed.push(toUrl(output.path));
  }
  return { urls, changed };
}

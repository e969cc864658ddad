/** esbuild settings every site bundle shares: hono/jsx (with the server's JSX runtime), the `edgepress` alias, readable errors. */
import type { BuildFailure, BuildOptions, Message } from 'esbuild';
import { relative, resolve } from 'node:path';
import { BuildError } from './build-error.ts';
import { FRAMEWORK_ENTRY, FRAMEWORK_NODE_MODULES, frameworkModule } from './framework-paths.ts';

const SERVER_JSX_RUNTIME = frameworkModule('src/runtime/render/jsx-runtime');

/**
 * Options for bundling code of the site at `root`; `dev` keeps the development-only code
 * (`__EDGEPRESS_DEV__`). The production server bundle sets `__EDGEPRESS_PRERENDERS__` false (dev-flag.ts).
 */
export function siteBundleOptions(root: string, dev = false): BuildOptions {
  return {
    define: { __EDGEPRESS_DEV__: String(dev), __EDGEPRESS_PRERENDERS__: 'true' },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'hono/jsx' } },
    alias: {
      edgepress: FRAMEWORK_ENTRY,
      'edgepress/actions': frameworkModule('src/runtime/actions/index'),
      // The server's own JSX runtime: nodes the renderer reads, without hono's string renderer (render/jsx-runtime.ts).
      'hono/jsx/jsx-runtime': SERVER_JSX_RUNTIME,
      'hono/jsx/jsx-dev-runtime': SERVER_JSX_RUNTIME,
    },
    nodePaths: [FRAMEWORK_NODE_MODULES],
    absWorkingDir: root,
    logLevel: 'silent',
    legalComments: 'none',
  };
}

/** `options` with hono's own JSX runtime instead of the server's: what tests and benches compare with. */
export function withHonoJsxRuntime(options: BuildOptions): BuildOptions {
  const { 'hono/jsx/jsx-runtime': _runtime, 'hono/jsx/jsx-dev-runtime': _dev, ...alias } = options.alias ?? {};
  return { ...options, alias };
}

/** Turns esbuild's failure into a BuildError naming the first file and what to fix. */
export function toBuildError(error: unknown, root: string): Error {
  const failure = error as Partial<BuildFailure>;
  const first: Message | undefined = failure.errors?.[0];
  if (!first) return error as Error;
  // A plugin's own BuildError (a stylesheet's PostCSS or CSS Modules error) already names the file.
  if (first.detail instanceof BuildError) return first.detail;
  const loc = first.location;
  // esbuild names files relative to absWorkingDir (the site root), not to this process's cwd.
  const file = loc ? relative(root, resolve(root, loc.file)) || loc.file : 'bundle';
  const where = loc ? `${loc.line}:${loc.column}: ` : '';
  let text = first.text;
  const unresolved = /Could not resolve "([^"]+)"/.exec(text)?.[1];
  if (unresolved?.startsWith('cloudflare:')) {
    text += ": Cloudflare Workers provide it; set adapter: 'cloudflare' or 'cloudflare-kv' in edgepress.config.ts, or read bindings from ctx.env instead.";
  } else if (unresolved !== undefined) {
    const pkg = unresolved.startsWith('@') ? unresolved.split('/').slice(0, 2).join('/') : unresolved.split('/')[0]!;
    text += /^[./]/.test(unresolved) ? ': no such file; fix the import path.' : `: the package '${pkg}' is not installed in the site; add it with: npm install ${pkg}`;
  }
  return new BuildError(file, where + text);
}

/**
 * A test module bundled as a site's server bundle is, with the JSX precompile (a PrecompileCache
 * given) or without it, beside the renderer it is rendered with. `jsx: 'hono'` bundles it with
 * hono's own JSX runtime instead of the server's (its nodes, its `toString()`), to compare with.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { siteBundleOptions, withHonoJsxRuntime } from '../../src/build/esbuild-options.ts';
import { frameworkModule } from '../../src/build/framework-paths.ts';
import { type PrecompileCache, precompilePlugin } from '../../src/build/jsx/precompile-plugin.ts';
import { honoIntrinsicsPlugin } from '../../src/build/hono-intrinsics.ts';

export type RenderHtmlStream = (root: unknown, options: { onError: (e: unknown) => void }) => ReadableStream<Uint8Array>;

/** `exports` of `file`, plus `renderHtmlStream` and the bundle's code. */
export async function bundleWithRenderer<T>(file: string, exports: string, outfile: string, cache: PrecompileCache | undefined, jsx: 'server' | 'hono' = 'server'): Promise<T & { renderHtmlStream: RenderHtmlStream; code: string }> {
  const contents = `export { ${exports} } from ${JSON.stringify(file)};
export { renderHtmlStream } from ${JSON.stringify(frameworkModule('src/runtime/render/html-stream'))};`;
  const root = dirname(file);
  const options = jsx === 'hono' ? withHonoJsxRuntime(siteBundleOptions(root)) : siteBundleOptions(root);
  const result = await build({
    ...options,
    stdin: { contents, resolveDir: root, sourcefile: 'entry.js', loader: 'js' },
    outfile,
    platform: 'node',
    // As the server bundle: hono's Suspense and ErrorBoundary are recognised by name.
    keepNames: true,
    write: true,
    plugins: [...(cache ? [precompilePlugin(cache)] : []), honoIntrinsicsPlugin()],
  });
  if (result.errors.length > 0) throw new Error(`bundling ${file} failed: ${result.errors.map((e) => e.text).join('; ')}`);
  const mod = (await import(pathToFileURL(outfile).href)) as T & { renderHtmlStream: RenderHtmlStream };
  return { ...mod, code: readFileSync(outfile, 'utf8') };
}

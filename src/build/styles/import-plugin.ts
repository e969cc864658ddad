/**
 * The JS side of style and asset imports, for every bundle of site code (server, prerender,
 * client islands, dev): `import './x.css'` is nothing in JS (the page links the stylesheet),
 * `import styles from './x.module.css'` is the module's class map, `import logo from './x.svg'`
 * is the URL the route graph pass wrote it at, `import text from './x?raw'` is the file's text.
 */
import type { Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { BuildError } from '../build-error.ts';
import { ASSET_FILTER } from './asset-options.ts';
import type { StyleWiring } from './site-styles.ts';
import { isCssModule } from './style-transform.ts';

const RAW = 'edgepress-raw';

/** `wiring` absent: the route graph pass itself (CSS Modules are empty maps, assets go to esbuild's file loader). */
export function styleImportsPlugin(wiring: StyleWiring | undefined): Plugin {
  return {
    name: 'edgepress-style-imports',
    setup(build) {
      build.onResolve({ filter: /\?raw$/ }, async (args) => {
        const path = args.path.slice(0, -'?raw'.length);
        if (args.namespace !== 'file' && !isAbsolute(path)) return undefined;
        const resolved = await build.resolve(path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir || dirname(args.importer) });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolve(resolved.path), namespace: RAW };
      });
      build.onLoad({ filter: /.*/, namespace: RAW }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text', watchFiles: [args.path] }));
      build.onLoad({ filter: /\.css$/i }, async (args) => {
        if (!isCssModule(args.path)) return { contents: '', loader: 'js', watchFiles: [args.path] };
        if (!wiring) return { contents: 'export default {};', loader: 'js' };
        const { classes, dependencies } = await wiring.transformer.transform(args.path);
        return { contents: `export default ${JSON.stringify(classes ?? {})};`, loader: 'js', watchFiles: [args.path, ...dependencies] };
      });
      if (!wiring) return;
      build.onLoad({ filter: ASSET_FILTER }, (args) => {
        const url = wiring.assets.get(args.path) ?? (wiring.graphFailed ? '' : undefined);
        if (url === undefined) {
          const file = relative(wiring.root, args.path);
          throw new BuildError(file, 'this asset is imported by a module no page, endpoint or middleware imports, so it was not written; import it from one of them.');
        }
        return { contents: `export default ${JSON.stringify(url)};`, loader: 'js', watchFiles: [args.path] };
      });
    },
  };
}

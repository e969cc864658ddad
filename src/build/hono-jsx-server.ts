/**
 * How a server bundle reads hono's JSX modules. They are side-effect free there. hono's package.json does not say
 * `sideEffects: false`, and three of its modules register its DOM renderer at their top level
 * (`Suspense[DOM_RENDERER] = ...`, `ErrorBoundary[...]`, `Object.assign(domRenderers, ...)`), so
 * `import { useState } from 'hono/jsx'` used to pull hono's whole DOM renderer into the worker
 * (+11 KB gzip for a client island). Those registrations serve only hono's browser renderer; a
 * module whose exports are used keeps them. And the browser twins of Suspense and ErrorBoundary
 * (`dom/components.js`, which pulls hono's DOM intrinsic elements) are stand-ins: on the server
 * they are only ever a mark that the renderer recognises hono's own Suspense by (hono-tags.ts).
 * Suspense and ErrorBoundary keep their names (the bundle is minified without keepNames). The hooks
 * and hono's own Suspense read two things of the DOM renderer (`dom/render.js`, 7 KB): the stack of
 * components a DOM render is building, which no server render pushes to but hono's Suspense in
 * `String(node)`, and `update`, the DOM re-render a state setter asks for, which a server has none
 * of; they get a stand-in holding just those. So does `context.js`'s import of the DOM twin of a
 * context provider (`dom/context.js`), which only hono's browser renderer calls.
 *
 * With `boundaryStandIns`, hono's Suspense and ErrorBoundary themselves (`streaming.js`,
 * `components.js`) are stand-ins too: named and marked as hono's, so the renderer knows them, but
 * empty. Only hono's own string renderer calls their bodies, and it is in the bundle only when the
 * site's code brings hono's node classes (`base.js`: `createContext`, `jsx`, `memo`... from
 * 'hono/jsx') or calls hono's `renderToReadableStream`; their real bodies would bring it in for a
 * site that only wraps a page in `<Suspense>` (+6 KB gzip). A server build makes its first bundle
 * with the stand-ins and bundles again with the real modules when `bundleNeedsHonoRenderer` says so.
 */
import type { Metafile, Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleHas } from './metafile-graph.ts';

const HONO_JSX = /(?:^|[\\/])node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/]/;
const DOM_TWINS = /[\\/]node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/]dom[\\/]components\.js$/;
const TWINS_STANDIN = 'export const Suspense = () => null;\nexport const ErrorBoundary = () => null;\n';
// The renderer knows hono's Suspense and ErrorBoundary by name (hono-tags.ts), kept through a minifier without keepNames.
const BOUNDARIES = /[\\/]node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/](streaming|components)\.js$/;
const BOUNDARY_NAME = { streaming: 'Suspense', components: 'ErrorBoundary' } as const;
const DOM_RENDER = /^(?:\.\.?\/)+dom\/render\.js$/;
const DOM_RENDER_USERS = /[\\/]node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/](?:streaming\.js|hooks[\\/]index\.js)$/;
const DOM_RENDER_STANDIN = 'export const buildDataStack = [];\nexport const update = async () => {};\n';
const DOM_CONTEXT = /^\.\/dom\/context\.js$/;
const CONTEXT = /[\\/]node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/]context\.js$/;
const DOM_CONTEXT_STANDIN = 'export const createContextProviderFunction = () => () => null;\n';

// What the stand-ins export besides the two components, each from a module whose code in the bundle says the real ones are needed.
const NEEDS_RENDERER = 'edgepress-hono-renderer';
const STAND_IN_BODY = (name: string): string =>
  `export const ${name} = () => {\n  throw new Error("edgepress: hono's ${name} ran outside edgepress's renderer, but this bundle has only its stand-in (src/build/hono-jsx-server.ts).");\n};\n` +
  `Object.defineProperty(${name}, "name", { value: "${name}", configurable: true });\n${name}[DOM_RENDERER] = () => null;\n`;
const STAND_INS = {
  streaming:
    'import { DOM_RENDERER } from "./constants.js";\nimport { createContext } from "./context.js";\n' +
    `export { renderToReadableStream } from "${NEEDS_RENDERER}:renderToReadableStream";\n` +
    'export const StreamingContext = /* @__PURE__ */ createContext(null);\n' +
    STAND_IN_BODY('Suspense'),
  components: `import { DOM_RENDERER } from "./constants.js";\nexport { childrenToString } from "${NEEDS_RENDERER}:childrenToString";\n` + STAND_IN_BODY('ErrorBoundary'),
} as const;
const HONO_NODE_CLASSES = /(?:^|\/)node_modules\/hono\/dist\/jsx\/base\.js$/;

/** True when a bundle made with the boundary stand-ins needs hono's real Suspense and ErrorBoundary (see above). */
export function bundleNeedsHonoRenderer(metafile: Metafile): boolean {
  return bundleHas(metafile, (input) => HONO_NODE_CLASSES.test(input) || input.startsWith(`${NEEDS_RENDERER}:`));
}

export function honoJsxServerPlugin(options: { boundaryStandIns?: boolean } = {}): Plugin {
  return {
    name: 'edgepress-hono-jsx-server',
    setup(build) {
      build.onResolve({ filter: /^(?:hono\/jsx|\.\.?\/)/ }, async (args) => {
        if (args.pluginData === HONO_JSX) return undefined;
        if (DOM_RENDER.test(args.path) && DOM_RENDER_USERS.test(args.importer)) return { path: 'dom-render', namespace: 'edgepress-hono', sideEffects: false };
        if (DOM_CONTEXT.test(args.path) && CONTEXT.test(args.importer)) return { path: 'dom-context', namespace: 'edgepress-hono', sideEffects: false };
        // Only hono's own jsx modules, whether named by the package (`hono/jsx`) or from inside it.
        if (!args.path.startsWith('hono/jsx') && !HONO_JSX.test(args.importer)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: HONO_JSX });
        if (resolved.errors.length > 0 || !HONO_JSX.test(resolved.path)) return undefined;
        return { ...resolved, sideEffects: false };
      });
      build.onLoad({ filter: DOM_TWINS }, () => ({ contents: TWINS_STANDIN, loader: 'js' }));
      build.onLoad({ filter: /^dom-render$/, namespace: 'edgepress-hono' }, () => ({ contents: DOM_RENDER_STANDIN, loader: 'js' }));
      build.onLoad({ filter: /^dom-context$/, namespace: 'edgepress-hono' }, () => ({ contents: DOM_CONTEXT_STANDIN, loader: 'js' }));
      build.onResolve({ filter: new RegExp(`^${NEEDS_RENDERER}:`) }, (args) => ({ path: args.path.slice(NEEDS_RENDERER.length + 1), namespace: NEEDS_RENDERER, sideEffects: false }));
      build.onLoad({ filter: /.*/, namespace: NEEDS_RENDERER }, (args) => ({ contents: `export const ${args.path} = () => {};\n`, loader: 'js' }));
      build.onLoad({ filter: BOUNDARIES }, async (args) => {
        const file = BOUNDARIES.exec(args.path)![1] as keyof typeof BOUNDARY_NAME;
        if (options.boundaryStandIns) return { contents: STAND_INS[file], loader: 'js', resolveDir: dirname(args.path) };
        const name = BOUNDARY_NAME[file];
        const source = await readFile(args.path, 'utf8');
        return { contents: `${source}\nObject.defineProperty(${name}, "name", { value: "${name}", configurable: true });\n`, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * How a server bundle reads hono's JSX modules. They are side-effect free there. hono's package.json does not say
 * `sideEffects: false`, and three of its modules register its DOM renderer at their top level
 * (`Suspense[DOM_RENDERER] = ...`, `ErrorBoundary[...]`, `Object.assign(domRenderers, ...)`), so
 * `import { useState } from 'hono/jsx'` used to pull hono's whole DOM renderer into the worker
 * (+11 KB gzip for a client island). Those registrations serve only hono's browser renderer; a
 * module whose exports are used keeps them. And the browser twins of Suspense and ErrorBoundary
 * (`dom/components.js`, which pulls hono's DOM intrinsic elements) are stand-ins: on the server
 * they are only ever a mark that the renderer recognises hono's own Suspense by (jsx-kinds.ts).
 */
import type { Plugin } from 'esbuild';

const HONO_JSX = /(?:^|[\\/])node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/]/;
const DOM_TWINS = /[\\/]node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/]dom[\\/]components\.js$/;
const TWINS_STANDIN = 'export const Suspense = () => null;\nexport const ErrorBoundary = () => null;\n';

export function honoJsxServerPlugin(): Plugin {
  return {
    name: 'edgepress-hono-jsx-server',
    setup(build) {
      build.onResolve({ filter: /^(?:hono\/jsx|\.\.?\/)/ }, async (args) => {
        if (args.pluginData === HONO_JSX) return undefined;
        // Only hono's own jsx modules, whether named by the package (`hono/jsx`) or from inside it.
        if (!args.path.startsWith('hono/jsx') && !HONO_JSX.test(args.importer)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: HONO_JSX });
        if (resolved.errors.length > 0 || !HONO_JSX.test(resolved.path)) return undefined;
        return { ...resolved, sideEffects: false };
      });
      build.onLoad({ filter: DOM_TWINS }, () => ({ contents: TWINS_STANDIN, loader: 'js' }));
    },
  };
}

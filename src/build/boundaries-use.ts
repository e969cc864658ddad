/**
 * Suspense and ErrorBoundary rendering (src/runtime/render/boundaries.ts, with the swap scripts) is
 * bundled only when the site's code has hono's `Suspense` or `ErrorBoundary`: the renderer knows
 * them by hono's own functions, which live in `hono/dist/jsx/streaming.js` and `components.js`.
 * Without either in the bundle no element can be one, and a server build stubs the module out.
 */
import type { Metafile, Plugin } from 'esbuild';
import { frameworkModule } from './framework-paths.ts';

const HONO_BOUNDARIES = /(?:^|\/)node_modules\/hono\/dist\/jsx\/(?:streaming|components)\.js$/;

/** True when the bundle holds hono's Suspense or ErrorBoundary (code of theirs in the output). */
export function bundleUsesBoundaries(metafile: Metafile): boolean {
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0 && HONO_BOUNDARIES.test(input)) return true;
  }
  return false;
}

const STUB = `const missing = () => {
  throw new Error("Suspense and ErrorBoundary are not in this bundle: the build adds them when the site's code includes hono's Suspense or ErrorBoundary.");
};
export const renderSuspense = missing;
export const renderErrorBoundary = missing;
`;

/** Replaces the renderer's boundaries module with a stub (a bundle whose site has no Suspense or ErrorBoundary). */
export function boundariesStubPlugin(): Plugin {
  const file = frameworkModule('src/runtime/render/boundaries');
  const filter = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return {
    name: 'edgepress-no-boundaries',
    setup(build) {
      build.onLoad({ filter }, () => ({ contents: STUB, loader: 'js' }));
    },
  };
}

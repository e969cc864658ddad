/**
 * Parts of the server renderer a production bundle holds only when the site can use them: each
 * is one or more modules of src/runtime/render/ that stand-ins replace otherwise. The first bundle
 * of a build is made with every stand-in; a feature whose `usedBy` says yes of it is bundled for
 * real in the second (site-wiring.ts `usedParts`). Prerender and dev bundles always have them all.
 */
import type { Metafile, Plugin } from 'esbuild';
import { basename, dirname, resolve } from 'node:path';
import { frameworkModule } from './framework-paths.ts';
import { bundleHas } from './metafile-graph.ts';
import { bundleNames } from './property-use.ts';

export interface RenderFeature {
  /** Its wiring part's name. */
  name: string;
  /** Each renderer module it stands for (a path for frameworkModule), with its stand-in's source. */
  standIns: Record<string, string>;
  usedBy(metafile: Metafile, root: string): boolean;
}

const runtime = (path: string): string => JSON.stringify(frameworkModule(path));

/** A stand-in's `missing`: throws NotBundledError (src/runtime/errors.ts) naming `what` and `when` it is bundled. */
const notBundled = (what: string, when: string): string =>
  `import { NotBundledError } from ${runtime('src/runtime/errors')};
const missing = () => { throw new NotBundledError(${JSON.stringify(what)}, ${JSON.stringify(when)}); };`;

const HONO_CODE = /(?:^|\/)node_modules\/hono\//;
/** hono's Suspense and ErrorBoundary live in these modules: without either in the bundle no element can be one. */
const HONO_BOUNDARIES = /(?:^|\/)node_modules\/hono\/dist\/jsx\/(?:streaming|components)\.js$/;

/** True when some of the hono package's code is in the bundle (none is, for a site that only writes JSX). */
const bundleHoldsHono = (metafile: Metafile): boolean => bundleHas(metafile, (input) => HONO_CODE.test(input));

/** True when framework module `file` (absolute) is in the bundle. */
const bundleHolds = (metafile: Metafile, root: string, file: string): boolean => bundleHas(metafile, (input) => resolve(root, input) === file);

export const RENDER_FEATURES: readonly RenderFeature[] = [
  {
    // Context providers, Suspense and ErrorBoundary, intrinsic-element components and raw strings
    // with callbacks are made by hono's own code only: without any of it, a tag is a component or
    // edgepress's Fragment, no context is provided and no string has callbacks.
    name: 'hono-components',
    standIns: {
      'src/runtime/render/hono-tags': `import { FRAGMENT, FRAGMENT_MARK, COMPONENT } from ${runtime('src/runtime/render/jsx-kinds')};
export const tagKind = (tag) => (FRAGMENT_MARK in tag ? FRAGMENT : COMPONENT);
export const renderHonoTag = () => {};`,
      // No context is ever provided; scriptNonce serves only the real boundaries module, which needs hono's code too.
      'src/runtime/render/provided': `export const withProvided = (provided, fn) => fn();
export const scriptNonce = () => '';`,
      'src/runtime/render/raw-callbacks': `${notBundled('raw() callbacks', "the bundle holds hono's code")}
export const runCallbacks = missing;`,
    },
    usedBy: bundleHoldsHono,
  },
  {
    // Known by hono's own functions: without them in the bundle no element can be one, and the
    // walker never calls these.
    name: 'boundaries',
    standIns: {
      'src/runtime/render/boundaries': `export const renderSuspense = () => {};
export const renderErrorBoundary = renderSuspense;`,
    },
    usedBy: (metafile) => bundleHas(metafile, (input) => HONO_BOUNDARIES.test(input)),
  },
  {
    // An object can reach `style` only through a name the scan sees; a string needs none of it.
    name: 'style-objects',
    standIns: {
      'src/runtime/render/style-object': `${notBundled('A `style` object', 'a module of the site names `style`')}
export const styleAttribute = missing;`,
    },
    usedBy: (metafile, root) => bundleNames(metafile, root, 'style'),
  },
  {
    // Only an edgepress action or a function hono's useActionState marked has a URL.
    name: 'form-actions',
    standIns: { 'src/runtime/render/form-action': 'export const formActionUrl = () => undefined;' },
    usedBy: (metafile, root) => bundleHoldsHono(metafile) || bundleHolds(metafile, root, frameworkModule('src/runtime/actions/define')),
  },
  {
    // Without an `<svg>` no attribute is written inside one.
    name: 'svg-names',
    standIns: { 'src/runtime/render/svg-names': 'export const svgAttributeName = (name) => name;' },
    usedBy: (metafile, root) => bundleNames(metafile, root, 'svg'),
  },
  {
    // Only these two props change what hono writes for title, meta, link, script and style.
    name: 'metadata-props',
    standIns: {
      'src/runtime/render/metadata-tags': `export const isMetadataTag = () => false;
export const metadataProps = (tag, props) => props;`,
    },
    usedBy: (metafile, root) => bundleNames(metafile, root, 'precedence', 'blocking'),
  },
];

/**
 * Resolves each module of the features in `absent` to its stand-in, a module of its own
 * (`edgepress-stand-in:PATH` in the metafile: the real module's name is not among the bundle's inputs).
 */
export function renderStandInsPlugin(absent: readonly RenderFeature[]): Plugin {
  const modules = absent.flatMap((feature) => Object.keys(feature.standIns));
  const sources = new Map(absent.flatMap((feature) => Object.entries(feature.standIns)));
  const byFile = new Map(modules.map((module) => [frameworkModule(module), module]));
  const names = modules.map((module) => basename(module).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  const filter = new RegExp(`^\\.\\.?/(?:.*/)?(?:${names.join('|')})\\.[jt]s$`);
  return {
    name: 'edgepress-render-stand-ins',
    setup(build) {
      build.onResolve({ filter }, (args) => {
        const module = byFile.get(resolve(args.resolveDir, args.path));
        return module ? { path: module, namespace: 'edgepress-stand-in' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'edgepress-stand-in' }, (args) => ({
        contents: sources.get(args.path)!,
        loader: 'js',
        resolveDir: dirname(frameworkModule(args.path)),
      }));
    },
  };
}

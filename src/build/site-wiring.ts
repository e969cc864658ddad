/**
 * One site wiring for every bundle of the site's server code: the production server entry
 * (build-site.ts), the dev server's bundle (dev-build.ts), the start-up probe (startup-check.ts)
 * and the prerender module. What a bundle holds besides routes and middleware is a list of
 * parts (sessions, server islands...); a feature adds itself by adding a part here, so dev
 * cannot drift from production.
 *
 * A part gives the entry import lines, a field of the app object handed to `createEntry`,
 * extra exports of the Worker module, and the esbuild plugins it needs. A part with `usedBy` is
 * bundled only when the site's code uses it (pay for what you use); dev bundles every part.
 */
import type { Metafile, Plugin } from 'esbuild';
import { join, relative } from 'node:path';
import type { ResolvedConfig } from '../config.ts';
import type { Manifest, RouteEntry } from '../manifest.ts';
import { frameworkModule } from './framework-paths.ts';
import { findIslands, type IslandFiles } from './islands/find-islands.ts';
import { islandKeys, type IslandKeys } from './islands/island-keys.ts';
import { islandsPlugin } from './islands/islands-plugin.ts';
import type { PrecompileCache } from './jsx/precompile-plugin.ts';
import type { ScanResult } from './scan-routes.ts';
import { toEntry } from './scan-routes.ts';
import { bundleUsesSessions, sessionWiring, type SessionWiring } from './session-wiring.ts';
import { findSiteWorker, type SiteWorker } from './site-worker.ts';
import { wrapIslandsPlugin, type ClientIslandsWiring } from './client/wrap-islands-plugin.ts';
import type { EnvSchemaSpec } from '../runtime/env/read-env.ts';
import { buildTimeEnv, envModulePlugin } from './env-plugin.ts';
import { findActions } from './actions/find-actions.ts';
import { actionsServerPlugin } from './actions/actions-plugin.ts';
import { styleImportsPlugin } from './styles/import-plugin.ts';
import { bundleUsesCache } from './route-cache-use.ts';
import { bundleNames } from './property-use.ts';
import { RENDER_FEATURES, renderStandInsPlugin } from './render-features.ts';
import { workerManifest } from './worker-manifest.ts';
import { bundleNeedsHonoRenderer } from './hono-jsx-server.ts';
import type { StyleWiring } from './styles/site-styles.ts';

/** Which module an entry is for: the request-time server (build, dev, probe) or the build-time prerender module. */
export type BundleTarget = 'server' | 'prerender';

/** What one part adds to the entry module's source. */
export interface PartSource {
  /** Import lines (each ending in a newline). */
  imports?: string;
  /** One field of the app object: `name: expression`. */
  field?: string;
  /** Export statements of the Worker module besides its default (each ending in a newline). */
  exports?: string;
  /** The names those statements export (a change of this set restarts the dev runtime). */
  exportNames?: string[];
  /** Wraps the Worker module's default export (the adapter's entry): given its expression, returns the new one. */
  wrapDefault?: (entry: string) => string;
  /** Names imported from the adapter's entry module besides `createEntry` (server only, e.g. `routeCache`). */
  entryImports?: string[];
}

/** One feature's share of the wiring. */
export interface WiringPart {
  /** Shown in errors and used to find a part again (`'session'`, `'islands'`). */
  name: string;
  /** Its entry source for `target`; undefined adds nothing. */
  source(target: BundleTarget): PartSource | undefined;
  /** esbuild plugins it needs, given the build's JSX precompile (if on). */
  plugins?(precompile: PrecompileCache | undefined): Plugin[];
  /** Site files (relative to the root) that are entries of their own, like routes. */
  entries?: string[];
  /** Present: bundled only when this says the site uses it, given a bundle made without it. */
  usedBy?(metafile: Metafile, root: string): boolean;
}

/** What a server bundle of the site is made of. */
export interface SiteWiring {
  root: string;
  /** The route modules the bundle ships (loaded lazily). */
  routes: RouteEntry[];
  middleware: string | undefined;
  parts: WiringPart[];
  /** The session driver, when the site may use one (its part is `'session'`). */
  session?: SessionWiring;
  /** The site's deferred components and their keys (its part is `'islands'`). */
  islands?: IslandsWiring;
  /** The site's actions module, absolute (its part is `'actions'`). */
  actions?: string;
  /** A production build: each of RENDER_FEATURES whose part is not in is a stand-in (render-features.ts). */
  trimsRenderer?: boolean;
}

/** The site's deferred components and the keys their props are sealed with. */
export interface IslandsWiring {
  files: IslandFiles;
  keys: string[];
}

export interface WireSiteOptions {
  root: string;
  config: ResolvedConfig;
  scan: ScanResult;
  /**
   * 'build': on-demand routes only, parts only when used, the config's session driver.
   * 'dev': every route (rendered per request), every part, sessions in memory.
   */
  mode: 'build' | 'dev';
  /** A development production build (`buildSite({ dev: true })`): sessions in memory, as in dev. */
  devBuild?: boolean;
  /**
   * Dev: whether the site names the session, by the rule a build applies (session-use.ts, from the
   * last dev bundle); false leaves sessions out, as a build would. Default true.
   */
  sessions?: boolean;
  /** Island keys to reuse (dev keeps one set for its whole session); absent: `EDGEPRESS_KEY` or a new key. */
  keys?: IslandKeys;
  /** Where warnings go (a missing EDGEPRESS_KEY). */
  warnings?: string[];
  /** The site's client islands, built for the browser: imports of them get the wrappers that render them for hydration. */
  clientIslands?: ClientIslandsWiring;
  /** Style and asset imports: class maps and URLs from the styles pass (src/build/styles/). */
  styles?: StyleWiring;
}

/** The wiring of the site at `root` for a production build or for the dev server. */
export function wireSite(options: WireSiteOptions): SiteWiring {
  const { root, config, scan, mode } = options;
  const dev = mode === 'dev';
  const errorPages = [scan.notFound, scan.serverError].filter((r) => r !== undefined);
  const all = [...scan.routes, ...errorPages];
  const routes = (dev ? all : all.filter((r) => !r.prerender)).map(toEntry);
  const parts: WiringPart[] = [];
  // First: its plugin must load the island modules' wrappers before any other plugin loads the files.
  if (options.clientIslands) parts.push(clientIslandsPart(options.clientIslands));
  // The links of pages that import stylesheets (dev: any page may start to).
  if (options.styles) parts.push(stylesPart(options.styles, dev || all.some((route) => route.styles !== undefined)));
  // Dev has sessions (in memory) exactly when a build would bundle them: what fails after deploy fails in dev first.
  const session = sessionWiring(dev ? { ...config, adapter: 'cloudflare' } : config, root, dev || options.devBuild === true);
  const withSessions = !dev || options.sessions !== false;
  if (withSessions) parts.push(sessionPart(session, !dev));

  // One set of keys seals island props and form action results (EDGEPRESS_KEY, else one made for this build).
  let keys: IslandKeys | undefined;
  const siteKeys = (): IslandKeys => (keys ??= options.keys ?? islandKeys());
  // Before the server islands: the actions plugin names the actions module before another plugin loads it.
  const actions = findActions(root);
  if (actions) parts.push(actionsPart(root, actions, siteKeys().keys));
  let islands: IslandsWiring | undefined;
  const islandFiles = findIslands(root);
  if (islandFiles.size > 0) {
    const keys = siteKeys();
    if (keys.warning && !dev) options.warnings?.push(keys.warning);
    islands = { files: islandFiles, keys: keys.keys };
    parts.push(islandsPart(root, islands, config.base));
  }
  // Middleware runs wherever site code runs at request time: on-demand routes, islands, actions
  // (a static site with defer() runs its middleware for each island request).
  const middleware = dev || routes.length > 0 || islands || actions ? scan.middleware : undefined;
  parts.push(...requestFeatureParts(config, dev, middleware !== undefined));
  // Renderer parts (Suspense and ErrorBoundary, style objects...), when the site can use them (a build's first bundle tells).
  if (!dev) for (const feature of RENDER_FEATURES) parts.push({ name: feature.name, source: () => undefined, usedBy: feature.usedBy });
  // hono's real Suspense and ErrorBoundary, when the bundle has hono's string renderer anyway (hono-jsx-server.ts).
  if (!dev) parts.push({ name: 'hono-renderer', source: () => undefined, usedBy: bundleNeedsHonoRenderer });
  const hasEnv = Object.keys(config.env).length > 0;
  if (hasEnv) parts.push(envPart(config.env, dev || options.devBuild === true, buildTimeEnv(root, dev || options.devBuild === true)));
  // worker.ts: only the Cloudflare adapters run it (build-site.ts refuses it on the others first).
  const worker = findSiteWorker(root);
  if (worker) parts.push(workerPart(worker, dev, hasEnv));
  return { root, routes, middleware, parts, session: withSessions ? session : undefined, islands, actions, trimsRenderer: !dev };
}

/** The same wiring with other routes and middleware (the prerender module takes every route). */
export function withRoutes(wiring: SiteWiring, routes: RouteEntry[], middleware: string | undefined): SiteWiring {
  return { ...wiring, routes, middleware };
}

/** The wiring without the parts the site does not use, given a bundle made without them. */
export function usedParts(wiring: SiteWiring, metafile: Metafile): SiteWiring {
  const parts = wiring.parts.filter((part) => !part.usedBy || part.usedBy(metafile, wiring.root));
  return { ...wiring, parts, session: parts.some((p) => p.name === 'session') ? wiring.session : undefined };
}

/** The wiring with only the parts that are always bundled (the first bundle of a production build). */
export function unconditionalParts(wiring: SiteWiring): SiteWiring {
  const parts = wiring.parts.filter((part) => !part.usedBy);
  return { ...wiring, parts, session: parts.some((p) => p.name === 'session') ? wiring.session : undefined };
}

/** True when some part is bundled only if used. */
export function hasConditionalParts(wiring: SiteWiring): boolean {
  return wiring.parts.some((part) => part.usedBy !== undefined);
}

/** The esbuild plugins every part needs. */
export function wiringPlugins(wiring: SiteWiring, precompile: PrecompileCache | undefined): Plugin[] {
  const plugins = wiring.parts.flatMap((part) => part.plugins?.(precompile) ?? []);
  if (wiring.trimsRenderer) {
    const absent = RENDER_FEATURES.filter((feature) => !wiring.parts.some((part) => part.name === feature.name));
    if (absent.length > 0) plugins.push(renderStandInsPlugin(absent));
  }
  return plugins;
}

/** Site files that are entries of the bundle: routes, middleware and each part's own. */
export function wiringEntries(wiring: SiteWiring): string[] {
  return [...wiring.routes.map((r) => r.file), ...(wiring.middleware ? [wiring.middleware] : []), ...wiring.parts.flatMap((p) => p.entries ?? [])];
}

/** The names the Worker module exports: `default` and each part's. */
export function wiringExports(wiring: SiteWiring): string[] {
  return ['default', ...wiring.parts.flatMap((p) => p.source('server')?.exportNames ?? [])];
}

/** JS source for the lazy module map of `routes`. */
function moduleMap(root: string, routes: RouteEntry[]): string {
  const entries = [...new Set(routes.map((r) => r.file))].map((file) => `  ${JSON.stringify(file)}: () => import(${JSON.stringify(join(root, file))}),`);
  return `{\n${entries.join('\n')}\n}`;
}

function middlewareImport(root: string, middleware: string | undefined): string {
  return middleware ? `() => import(${JSON.stringify(join(root, middleware))})` : 'undefined';
}

/** The imports, app fields and exports of every part for `target`. */
function partsSource(wiring: SiteWiring, target: BundleTarget): { imports: string; fields: string; exports: string; entryImports: string; wrap: (entry: string) => string } {
  let imports = '';
  let fields = '';
  let exports = '';
  let entryImports = '';
  const wrappers: Array<(entry: string) => string> = [];
  for (const part of wiring.parts) {
    const source = part.source(target);
    if (!source) continue;
    imports += source.imports ?? '';
    if (source.field) fields += `, ${source.field}`;
    exports += source.exports ?? '';
    for (const name of source.entryImports ?? []) entryImports += `, ${name}`;
    if (source.wrapDefault) wrappers.push(source.wrapDefault);
  }
  return { imports, fields, exports, entryImports, wrap: (entry) => wrappers.reduce((inner, wrap) => wrap(inner), entry) };
}

/**
 * The server entry's source: the manifest as data (`trim`: as a production bundle embeds it,
 * worker-manifest.ts), route modules loaded lazily, the parts, the adapter's `createEntry`.
 */
export function serverEntrySource(wiring: SiteWiring, options: { manifest: Manifest; entry: string; entryOptions?: unknown; prelude?: string; trim?: boolean }): string {
  const parts = partsSource(wiring, 'server');
  const manifest = options.trim ? workerManifest(options.manifest) : options.manifest;
  return `${options.prelude ?? ''}import { createEntry${parts.entryImports} } from ${JSON.stringify(options.entry)};
${parts.imports}const manifest = ${manifestSource(manifest)};
const modules = ${moduleMap(wiring.root, wiring.routes)};
export default ${parts.wrap(`createEntry({ manifest, modules, middleware: ${middlewareImport(wiring.root, wiring.middleware)}${parts.fields} }, ${JSON.stringify(options.entryOptions ?? {})})`)};
${parts.exports}`;
}

/**
 * The manifest as JS: an object literal (the minifier shortens it), or `JSON.parse()` of it once it
 * is large enough for V8 to parse JSON faster than a literal (their guidance: about 10 KB).
 */
function manifestSource(manifest: Manifest): string {
  const json = JSON.stringify(manifest);
  return json.length < 10_000 ? `(${json})` : `JSON.parse(${JSON.stringify(json)})`;
}

/** The prerender module's source: every route and the handler in prerendering mode, for Node. */
export function prerenderEntrySource(wiring: SiteWiring, manifest: Manifest): string {
  const parts = partsSource(wiring, 'prerender');
  return `import { createHandler } from ${JSON.stringify(frameworkModule('src/runtime/handler'))};
${parts.imports}export const manifest = ${JSON.stringify(manifest)};
export const modules = ${moduleMap(wiring.root, wiring.routes)};
export const handler = createHandler({ manifest, modules, middleware: ${middlewareImport(wiring.root, wiring.middleware)}${parts.fields} }, { prerendering: true });
`;
}

/**
 * The request features a site may not use, each wired in only when it does: the route cache
 * (`routeRules`, else site code naming `cache` or `invalidate`), config `redirects`, rewrites
 * (site code naming `rewrite`, or middleware, whose `next(path)` rewrites), `security.csp` and
 * `security.allowedDomains`.
 * Dev (`dev`) has them all: its bundle follows edits without a new wiring.
 */
function requestFeatureParts(config: ResolvedConfig, dev: boolean, middleware: boolean): WiringPart[] {
  const parts: WiringPart[] = [];
  const runtime = (path: string): string => JSON.stringify(frameworkModule(path));
  const ruled = Object.keys(config.routeRules).length > 0;
  parts.push({
    name: 'route-cache',
    source: (target) => ({
      imports: `import { cacheSupport } from ${runtime('src/runtime/cache/setup')};\n`,
      // The adapter's entry exports its provider; prerendering records `ctx.cache.set()` and stores nothing.
      field: target === 'server' ? 'routeCache: cacheSupport(routeCache)' : 'routeCache: cacheSupport()',
      entryImports: target === 'server' ? ['routeCache'] : undefined,
    }),
    usedBy: dev || ruled ? undefined : bundleUsesCache,
  });
  if (dev || Object.keys(config.redirects).length > 0) {
    parts.push({
      name: 'redirects',
      source: () => ({ imports: `import { configRedirect } from ${runtime('src/runtime/config-redirect')};\n`, field: 'redirects: configRedirect' }),
    });
  }
  parts.push({
    name: 'rewrite',
    source: () => ({ imports: `import { rewriteRequest } from ${runtime('src/runtime/rewrite')};\n`, field: 'rewrite: rewriteRequest' }),
    usedBy: dev || middleware ? undefined : (metafile, root) => bundleNames(metafile, root, 'rewrite'),
  });
  if (dev || config.security.csp) {
    parts.push({
      name: 'csp',
      source: () => ({ imports: `import { cspSupport } from ${runtime('src/runtime/csp/setup')};\n`, field: 'csp: cspSupport(manifest.security)' }),
    });
  }
  if (dev || config.security.allowedDomains.length > 0) {
    parts.push({
      name: 'forwarded-hosts',
      source: () => ({ imports: `import { forwardedOrigin } from ${runtime('src/runtime/forwarded-origin')};\n`, field: 'forwardedOrigin: forwardedOrigin(manifest.security?.allowedDomains)' }),
    });
  }
  return parts;
}

/** Sessions: the driver and `sessionSupport`; in a build, only when a site file reads the session. */
function sessionPart(session: SessionWiring, onlyIfUsed: boolean): WiringPart {
  return {
    name: 'session',
    source: (target) =>
      target === 'prerender'
        ? undefined
        : {
            imports: `import { sessionSupport } from ${JSON.stringify(frameworkModule('src/runtime/session/setup'))};
import ${session.factory === 'default' ? 'sessionDriver' : `{ ${session.factory} as sessionDriver }`} from ${JSON.stringify(session.module)};
`,
            field: `session: sessionSupport(${session.args ? `sessionDriver(...${JSON.stringify(session.args)})` : 'sessionDriver'}, ${JSON.stringify(session.settings)})`,
          },
    usedBy: onlyIfUsed ? bundleUsesSessions : undefined,
  };
}

/** Client islands: no entry source, only the plugin that gives the server graph the island wrappers. */
function clientIslandsPart(wiring: ClientIslandsWiring): WiringPart {
  return { name: 'client-islands', source: () => undefined, plugins: () => [wrapIslandsPlugin(wiring)] };
}

/** Style and asset imports: CSS is linked by the page (nothing in JS), CSS Modules are class maps, assets URLs. */
function stylesPart(styles: StyleWiring, linked: boolean): WiringPart {
  const source: PartSource | undefined = linked
    ? { imports: `import { headLinks } from ${JSON.stringify(frameworkModule('src/runtime/render/head-links'))};\n`, field: 'styles: headLinks' }
    : undefined;
  return { name: 'styles', source: () => source, plugins: () => [styleImportsPlugin(styles)] };
}

/** Server islands: ids written into `defer()` calls, island modules by id (server only), the keys. */
function islandsPart(root: string, islands: IslandsWiring, base: string): WiringPart {
  return {
    name: 'islands',
    source(target) {
      // Prerendering seals props only: no island module is imported by id.
      const modules =
        target === 'server'
          ? [...islands.files].flatMap(([file, calls]) => calls.map((call) => `  ${JSON.stringify(call.id)}: () => import(${JSON.stringify(file)}),`)).join('\n')
          : '';
      return {
        imports: `import { islandSupport } from ${JSON.stringify(frameworkModule('src/runtime/islands/setup'))};\n`,
        field: `islands: islandSupport({\n${modules}\n}, ${JSON.stringify(islands.keys)}, ${JSON.stringify(base)})`,
      };
    },
    plugins: (precompile) => [islandsPlugin(root, islands.files, precompile)],
    entries: [...islands.files.keys()].map((file) => relative(root, file)),
  };
}

/** env.schema: the schema as data and one checker per isolate (`siteEnv`, shared with worker.ts handlers) in server bundles; `edgepress:env` in all. */
function envPart(schema: EnvSchemaSpec, dev: boolean, buildEnv: Record<string, unknown>): WiringPart {
  return {
    name: 'env',
    source: (target) =>
      target === 'prerender'
        ? undefined
        : {
            imports: `import { envSupport } from ${JSON.stringify(frameworkModule('src/runtime/env/setup'))};
const siteEnv = envSupport(${JSON.stringify(schema)}, ${dev});
`,
            field: 'env: siteEnv',
          },
    // `import { PUBLIC_X } from 'edgepress:env'` in any bundle; a secret there fails it.
    plugins: () => [envModulePlugin(schema, buildEnv)],
  };
}

/**
 * Actions: the site's actions module, named by the build (server and prerender bundles: a
 * prerendered page rendering an action's URL must fail naming it), and `actionSupport` with the
 * keys that seal form results (server only). Always bundled when the file exists: `/_actions/`
 * answers whether or not a page imports it.
 */
function actionsPart(root: string, file: string, keys: string[]): WiringPart {
  return {
    name: 'actions',
    source: (target) =>
      target === 'prerender'
        ? undefined
        : {
            imports: `import { actionSupport } from ${JSON.stringify(frameworkModule('src/runtime/actions/setup'))};\n`,
            field: `actions: actionSupport(() => import(${JSON.stringify(file)}), ${JSON.stringify(keys)}, ${JSON.stringify(relative(root, file))})`,
          },
    plugins: () => [actionsServerPlugin(root, file)],
    entries: [relative(root, file)],
  };
}

/**
 * The site's worker.ts (Cloudflare): its named exports (Durable Objects, workflows, RPC entrypoints)
 * are the Worker module's, and its default export's handlers join the entry's fetch; in dev,
 * `/__scheduled` runs its scheduled().
 */
function workerPart(worker: SiteWorker, dev: boolean, hasEnv: boolean): WiringPart {
  return {
    name: 'worker',
    source: (target) =>
      target === 'prerender'
        ? undefined
        : {
            imports: `import { withSiteWorker } from ${JSON.stringify(frameworkModule('adapters/cloudflare/worker'))};
import * as siteWorker from ${JSON.stringify(worker.path)};
`,
            exports: `export * from ${JSON.stringify(worker.path)};\n`,
            exportNames: worker.exports,
            // Dev answers /__scheduled (wrangler dev's --test-scheduled cannot reach an unbundled worker behind assets).
            // Its handlers get the env the schema parsed, as routes do.
            wrapDefault: (entry) => `withSiteWorker(${entry}, siteWorker.default, ${dev}${hasEnv ? ', siteEnv' : ''})`,
          },
    entries: [worker.file],
  };
}

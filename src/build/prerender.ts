/** Prerender: every prerendered route (and each getStaticPaths entry) through the real handler, to files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from '../config.ts';
import type { ModuleLoader, RouteEntry } from '../manifest.ts';
import type { Params } from '../runtime/context.ts';
import type { Prerenderer } from '../runtime/handler.ts';
import { PrerenderRequestDataError } from '../runtime/errors.ts';
import { prerenderedFile } from '../runtime/paths.ts';
import { BuildError } from './build-error.ts';
import { describeValue, pathFromParams } from './route-segments.ts';
import type { ScannedRoute } from './scan-routes.ts';

export interface PrerenderResult {
  /** Files written, relative to the client folder ('/about/index.html'). */
  files: string[];
  warnings: string[];
}

interface PrerenderModule {
  handler: Prerenderer;
  modules: ModuleLoader;
}

/** Request-only data is refused while prerendering: reading headers throws, naming the route. */
function prerenderRequest(url: string, route: RouteEntry): Request {
  const request = new Request(url);
  Object.defineProperty(request, 'headers', {
    get() {
      throw new PrerenderRequestDataError('request.headers', route.file);
    },
  });
  return request;
}

function isMatchedByHigher(path: string, route: ScannedRoute, ordered: ScannedRoute[]): ScannedRoute | undefined {
  for (const other of ordered) {
    if (other === route) return undefined;
    if (new RegExp(other.regex).test(path)) return other;
  }
  return undefined;
}

/** Writes one prerendered file; a path already taken by a file or folder is a BuildError naming the route. */
function writePage(route: ScannedRoute, clientDir: string, file: string, body: Uint8Array): void {
  const full = join(clientDir, file);
  try {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new BuildError(
      route.file,
      `cannot write ${file.slice(1)} (${code}): another route or a file in public/ already uses that path as a ${code === 'EISDIR' ? 'folder' : 'file'}; rename one of them.`,
    );
  }
}

/** Runs the prerender module and writes each page into `clientDir`. */
export async function prerender(
  bundlePath: string,
  routes: ScannedRoute[],
  errorPages: ScannedRoute[],
  config: ResolvedConfig,
  clientDir: string,
  /** The build's bindings (ctx.env and getStaticPaths({ env })); undefined: none. */
  env?: Record<string, unknown>,
): Promise<PrerenderResult> {
  const mod = (await import(pathToFileURL(bundlePath).href + `?t=${Date.now()}`)) as PrerenderModule;
  const origin = config.site ?? 'http://localhost';
  const base = config.base.slice(0, -1);
  const written = new Map<string, ScannedRoute>();
  const result: PrerenderResult = { files: [], warnings: [] };

  const write = async (route: ScannedRoute, path: string, file: string, params: Params, props: Record<string, unknown>): Promise<void> => {
    const previous = written.get(file);
    if (previous) {
      throw new BuildError(route.file, `produces ${path}, which ${previous.file} also produces; make their getStaticPaths() lists disjoint.`);
    }
    const urlPath = config.trailingSlash === 'always' && !route.isFile && route.kind === 'page' && path !== '/' ? path + '/' : path;
    let response: Response;
    let body: Uint8Array;
    try {
      response = await mod.handler.render(prerenderRequest(origin + base + urlPath, route), route, params, props, env);
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (error instanceof BuildError) throw error;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new BuildError(route.file, `failed to prerender ${path}: ${message}`);
    }
    const isErrorPage = errorPages.includes(route);
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location') ?? '/';
      const escaped = location.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      body = new TextEncoder().encode(
        `<!doctype html><title>Redirecting to ${escaped}</title><meta http-equiv="refresh" content="0;url=${escaped}"><a href="${escaped}">${escaped}</a>`,
      );
      result.warnings.push(`${route.file}: ${path} redirects (${response.status}); written as a meta-refresh page.`);
    } else if (response.status !== 200 && !isErrorPage) {
      throw new BuildError(
        route.file,
        `prerendering ${path} answered ${response.status}; a prerendered route must answer 200 (or a redirect). Make it on demand with \`export const prerender = false\` to vary the status per request.`,
      );
    }
    writePage(route, clientDir, file, body);
    written.set(file, route);
    result.files.push(file);
  };

  for (const route of [...routes, ...errorPages]) {
    if (!route.prerender) continue;
    if (errorPages.includes(route)) {
      await write(route, route.pattern, `${route.pattern}.html`, {}, {});
      continue;
    }
    if (route.params.length === 0) {
      await write(route, route.pattern, prerenderedFile(route.pattern, route, config.trailingSlash), {}, {}); // patterns are decoded text
      continue;
    }
    const module = await mod.modules[route.file]!();
    const getStaticPaths = module.getStaticPaths;
    if (typeof getStaticPaths !== 'function') {
      throw new BuildError(
        route.file,
        'a prerendered dynamic route needs `export function getStaticPaths()` listing every { params } to build; or make it on demand with `export const prerender = false`.',
      );
    }
    let entries: unknown;
    try {
      entries = await (getStaticPaths as (context: { env: unknown }) => unknown)({ env });
    } catch (error) {
      throw new BuildError(route.file, `getStaticPaths() threw: ${(error as Error).message}`);
    }
    if (!Array.isArray(entries)) throw new BuildError(route.file, 'getStaticPaths() must return an array of { params, props? }.');
    for (const entry of entries as Array<{ params?: Record<string, unknown>; props?: Record<string, unknown> }>) {
      if (!entry || typeof entry !== 'object' || !entry.params || typeof entry.params !== 'object') {
        throw new BuildError(route.file, `getStaticPaths() returned ${describeValue(entry)}; each entry must be { params: { ... }, props? }.`);
      }
      const path = pathFromParams(route.segments, entry.params, route.file);
      const owner = isMatchedByHigher(path, route, routes);
      if (owner && !owner.prerender) {
        result.warnings.push(`${route.file}: skipped ${path}, which ${owner.file} answers first.`);
        continue;
      }
      const params: Params = {};
      for (const name of route.params) {
        const value = entry.params[name];
        params[name] = value === undefined || value === '' ? undefined : String(value);
      }
      await write(route, path, prerenderedFile(decodeURIComponent(path), route, config.trailingSlash), params, entry.props ?? {});
    }
  }
  return result;
}

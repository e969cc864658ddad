/** Scans `routes/` into the route manifest: patterns, kinds, prerender flags, priority order. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Output } from '../config.ts';
import type { RouteEntry } from '../manifest.ts';
import { BuildError } from './build-error.ts';
import { readPrerenderFlag } from './prerender-flag.ts';
import { compareRoutes } from './route-priority.ts';
import { parseRoutePath, shapeKey, type Segment } from './route-segments.ts';

/** A route with its parsed segments (build-time only; the manifest keeps the plain entry). */
export interface ScannedRoute extends RouteEntry {
  segments: Segment[];
  /** kind 'redirect': the key as written in the config's `redirects`. */
  redirectSource?: string;
}

export interface ScanResult {
  /** Routes in priority order. */
  routes: ScannedRoute[];
  notFound?: ScannedRoute;
  serverError?: ScannedRoute;
  /** `routes/_middleware.ts` (or .js), relative to the root. */
  middleware?: string;
}

const PAGE_EXT = ['.tsx', '.jsx'];
/** A route that calls `cache.set(` is looked up in the route cache from its first request in an isolate. */
export const CACHE_SET = /\bcache\s*\.\s*set\s*\(/;
const ENDPOINT_EXT = ['.ts', '.js', '.mts', '.mjs'];

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (!name.startsWith('_')) out.push(...listFiles(full));
    } else out.push(full);
  }
  return out;
}

/** Reads every route file under `root/routes`. Throws BuildError for anything malformed. */
export function scanRoutes(root: string, output: Output): ScanResult {
  const routesDir = join(root, 'routes');
  let files: string[];
  try {
    files = listFiles(routesDir);
  } catch {
    throw new BuildError('routes/', 'no routes folder; create routes/index.tsx (a page) to start.');
  }
  const result: ScanResult = { routes: [] };
  const byStaticPath = new Map<string, ScannedRoute>();
  const onDemandShapes = new Map<string, ScannedRoute>();
  for (const full of files) {
    const file = relative(root, full).split(sep).join('/');
    const inRoutes = file.slice('routes/'.length);
    const base = inRoutes.slice(inRoutes.lastIndexOf('/') + 1);
    if (base.startsWith('_')) {
      if (/^_middleware\.(ts|js|mts|mjs)$/.test(inRoutes)) result.middleware = file;
      continue;
    }
    // A stylesheet beside its page (`index.module.css`) is imported, never a route.
    if (inRoutes.endsWith('.d.ts') || /\.css$/i.test(base)) continue;
    const ext = PAGE_EXT.find((e) => base.endsWith(e)) ?? ENDPOINT_EXT.find((e) => base.endsWith(e));
    if (!ext) {
      const found = base.includes('.') ? base.slice(base.lastIndexOf('.')) : '(none)';
      throw new BuildError(
        file,
        `unsupported extension ${found}: pages are .tsx/.jsx and endpoints .ts/.js. Move other files to public/ (served at their URL) or, to import them, into a folder whose name starts with _.`,
      );
    }
    const kind = PAGE_EXT.includes(ext) ? 'page' : 'endpoint';
    const urlSegments = inRoutes.slice(0, -ext.length).split('/');
    if (urlSegments[urlSegments.length - 1] === 'index') urlSegments.pop();
    if (urlSegments.some((s) => s === '')) throw new BuildError(file, 'empty path segment; rename the file.');
    const parsed = parseRoutePath(urlSegments, file);
    const source = readFileSync(full, 'utf8');
    const flag = readPrerenderFlag(source, file);
    const route: ScannedRoute = {
      pattern: parsed.pattern,
      regex: parsed.regex,
      params: parsed.params,
      rest: parsed.rest,
      kind,
      prerender: flag ?? output === 'static',
      file,
      isFile: parsed.isFile,
      segments: parsed.segments,
    };
    if (parsed.staticPath !== undefined) route.staticPath = parsed.staticPath;
    if (CACHE_SET.test(source)) route.mayCache = true;
    if (kind === 'page' && (inRoutes === '404' + ext || inRoutes === '500' + ext)) {
      if (inRoutes.startsWith('404')) result.notFound = route;
      else result.serverError = route;
      continue;
    }
    if (route.staticPath !== undefined) {
      const other = byStaticPath.get(route.staticPath);
      if (other) {
        throw new BuildError(file, `${other.file} already answers ${route.pattern}; remove or rename one of the two files.`);
      }
      byStaticPath.set(route.staticPath, route);
    } else if (!route.prerender) {
      const key = shapeKey(route.segments);
      const other = onDemandShapes.get(key);
      if (other) {
        throw new BuildError(
          file,
          `${other.file} is also on demand and matches the same paths (${other.pattern} vs ${route.pattern}); ` +
            'keep one of them, or prerender one with getStaticPaths so it owns only the paths it lists.',
        );
      }
      onDemandShapes.set(key, route);
    }
    result.routes.push(route);
  }
  result.routes.sort(compareRoutes);
  return result;
}

/** The plain, serialisable entry of a scanned route. */
export function toEntry(route: ScannedRoute): RouteEntry {
  const { segments: _segments, redirectSource: _source, ...entry } = route;
  return entry;
}

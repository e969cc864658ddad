/**
 * `redirects` in the config -> route entries of kind 'redirect', ranked among the file routes
 * by the same rules (Astro's). Both sides of a dynamic redirect must name the same params.
 */
import type { ResolvedConfig } from '../config.ts';
import type { RedirectPart } from '../manifest.ts';
import { BuildError } from './build-error.ts';
import { parseRoutePath, parseSegment, shapeKey } from './route-segments.ts';
import type { ScannedRoute } from './scan-routes.ts';

const CONFIG = 'edgepress.config.ts';
const ABSOLUTE = /^(https?:\/\/[^/?#]+)(.*)$/i;

/** The destination's origin (absolute only) and its path as text and params. */
function parseDestination(destination: string, where: string): { origin?: string; to: RedirectPart[]; params: Map<string, boolean> } {
  let origin: string | undefined;
  let path = destination;
  const absolute = ABSOLUTE.exec(destination);
  if (absolute) {
    try {
      origin = new URL(absolute[1]!).origin;
    } catch {
      throw new BuildError(CONFIG, `${where}: "${destination}" is not a valid URL.`);
    }
    path = absolute[2] || '/';
  } else if (!destination.startsWith('/') || /^[/\\]{2}/.test(destination) || destination.startsWith('/\\')) {
    throw new BuildError(CONFIG, `${where}: the destination "${destination}" must be a path on this site starting with one '/' ('/new') or an absolute http(s) URL.`);
  }
  const query = path.search(/[?#]/);
  const pathPart = query === -1 ? path : path.slice(0, query);
  const to: RedirectPart[] = [];
  const params = new Map<string, boolean>();
  const segments = pathPart.split('/').slice(1);
  for (const segment of segments) {
    to.push('/');
    for (const part of parseSegment(segment, CONFIG)) {
      if (part.kind === 'static') to.push(part.text);
      else {
        params.set(part.name, part.kind === 'rest');
        to.push({ param: part.name, rest: part.kind === 'rest' });
      }
    }
  }
  if (query !== -1) to.push(path.slice(query));
  return { origin, to: mergeText(to), params };
}

/** Joins neighbouring text pieces, so the runtime concatenates as little as possible. */
function mergeText(parts: RedirectPart[]): RedirectPart[] {
  const out: RedirectPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (typeof part === 'string' && typeof last === 'string') out[out.length - 1] = last + part;
    else out.push(part);
  }
  return out;
}

/** The config's redirects as routes; throws BuildError naming the entry and the fix. */
export function redirectRoutes(config: Pick<ResolvedConfig, 'redirects'>, routes: readonly ScannedRoute[]): ScannedRoute[] {
  const shapes = new Map(routes.map((r) => [shapeKey(r.segments), r]));
  const out: ScannedRoute[] = [];
  for (const [from, { status, destination }] of Object.entries(config.redirects)) {
    const where = `redirects[${JSON.stringify(from)}]`;
    const urlSegments = from.replace(/\/+$/, '').split('/').slice(1);
    if (urlSegments.some((s) => s === '')) throw new BuildError(CONFIG, `${where}: the source has an empty segment ('//'); write it as '/a/b'.`);
    let parsed: ReturnType<typeof parseRoutePath>;
    let target: ReturnType<typeof parseDestination>;
    try {
      parsed = parseRoutePath(urlSegments, CONFIG);
      target = parseDestination(destination, where);
    } catch (error) {
      if (error instanceof BuildError && !error.message.includes(where)) throw new BuildError(CONFIG, `${where}: ${error.message.replace(/^edgepress\.config\.ts:\s*/, '')}`);
      throw error;
    }
    const sourceParams = new Map(parsed.params.map((p) => [p, parsed.rest.includes(p)]));
    for (const [name, rest] of target.params) {
      if (!sourceParams.has(name)) throw new BuildError(CONFIG, `${where}: the destination uses [${rest ? '...' : ''}${name}], which the source "${from}" does not have; use the same params on both sides.`);
      if (sourceParams.get(name) !== rest) throw new BuildError(CONFIG, `${where}: "${name}" is ${rest ? 'a rest param' : 'a single param'} in the destination but not in the source; write it the same way on both sides.`);
    }
    for (const [name, rest] of sourceParams) {
      if (!target.params.has(name)) throw new BuildError(CONFIG, `${where}: the source's [${rest ? '...' : ''}${name}] is missing from the destination "${destination}"; use the same params on both sides.`);
    }
    const key = shapeKey(parsed.segments);
    const other = shapes.get(key);
    if (other) {
      const what = other.kind === 'redirect' ? `${other.redirectSource} in redirects` : other.file;
      throw new BuildError(CONFIG, `${where}: ${what} already answers the same paths (${other.pattern}); remove the redirect or the other one.`);
    }
    const route: ScannedRoute = {
      pattern: parsed.pattern,
      regex: parsed.regex,
      params: parsed.params,
      rest: parsed.rest,
      kind: 'redirect',
      prerender: false,
      file: CONFIG,
      isFile: parsed.isFile,
      segments: parsed.segments,
      redirect: { ...(status ? { status } : {}), ...(target.origin ? { origin: target.origin } : {}), to: target.to },
      redirectSource: from,
    };
    if (parsed.staticPath !== undefined) route.staticPath = parsed.staticPath;
    shapes.set(key, route);
    out.push(route);
  }
  return out;
}

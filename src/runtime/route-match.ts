/** Finds the routes that answer a pathname, highest priority first. */
import type { RouteEntry } from '../manifest.ts';
import { BadRequestError } from './errors.ts';
import type { Params } from './context.ts';

export interface RouteMatch {
  route: RouteEntry;
  params: Params;
  /** Position in the priority list; pass `index + 1` to find the next candidate. */
  index: number;
}

/** Matches pathnames against the manifest's routes. Regexes are compiled on first use. */
export class RouteMatcher {
  readonly #compiled: (RegExp | undefined)[] = [];

  readonly #routes: readonly RouteEntry[];

  constructor(routes: readonly RouteEntry[]) {
    this.#routes = routes;
  }

  /** The first route at or after `from` that matches `path` (no trailing slash, except '/'). */
  match(path: string, from = 0): RouteMatch | undefined {
    const routes = this.#routes;
    for (let i = from; i < routes.length; i++) {
      const route = routes[i]!;
      if (route.staticPath !== undefined) {
        if (route.staticPath === path) return { route, params: {}, index: i };
        continue;
      }
      const re = (this.#compiled[i] ??= new RegExp(route.regex));
      const m = re.exec(path);
      if (m) return { route, params: decodeParams(route, m), index: i };
    }
    return undefined;
  }
}

function decodeParams(route: RouteEntry, m: RegExpExecArray): Params {
  const params: Params = {};
  for (let i = 0; i < route.params.length; i++) {
    const raw = m[i + 1];
    if (raw === undefined || raw === '') {
      params[route.params[i]!] = undefined;
      continue;
    }
    try {
      params[route.params[i]!] = raw.indexOf('%') === -1 ? raw : decodeURIComponent(raw);
    } catch {
      throw new BadRequestError(`Malformed percent-encoding in the URL path.`);
    }
  }
  return params;
}

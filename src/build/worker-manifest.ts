/**
 * The manifest as a production server bundle embeds it: what its request path reads, and no
 * more. Left out: `output` and `middleware` (the bundle's module map says whether there is
 * middleware), a prerendered 404 or 500 page's route (its file answers), each route's `rest`
 * (prerendering's) and the `regex` and `params` of a route matched by its static path, a
 * `prerender` or `isFile` that is false, and `limits`, `security` and `cacheBinding` that hold
 * the defaults the runtime assumes when they are absent. Dev bundles embed it whole: they render
 * prerendered routes, which reads their params.
 */
import { DEFAULT_CACHE_BINDING, DEFAULT_LIMITS } from '../config.ts';
import type { Manifest, RouteEntry } from '../manifest.ts';

export function workerManifest(manifest: Manifest): Manifest {
  const { output: _output, middleware: _middleware, notFound, serverError, limits, security, cacheBinding, ...kept } = manifest;
  const trimmed: Partial<Manifest> = { ...kept, routes: manifest.routes.map(workerRoute) };
  if (notFound && !notFound.prerender) trimmed.notFound = workerRoute(notFound);
  if (serverError && !serverError.prerender) trimmed.serverError = workerRoute(serverError);
  if (limits && (limits.bodyBytes !== DEFAULT_LIMITS.bodyBytes || limits.renderTimeoutMs !== DEFAULT_LIMITS.renderTimeoutMs)) trimmed.limits = limits;
  if (security && (security.checkOrigin !== true || Object.keys(security).length > 1)) trimmed.security = security;
  if (cacheBinding !== undefined && cacheBinding !== DEFAULT_CACHE_BINDING) trimmed.cacheBinding = cacheBinding;
  // What is left out is never read at request time, or read as its default (see above).
  return trimmed as Manifest;
}

function workerRoute(route: RouteEntry): RouteEntry {
  const { rest: _rest, prerender, isFile, regex, params, ...kept } = route;
  const trimmed: Partial<RouteEntry> = kept;
  if (prerender) trimmed.prerender = true;
  if (isFile) trimmed.isFile = true;
  if (route.staticPath === undefined) Object.assign(trimmed, { regex, params });
  return trimmed as RouteEntry;
}

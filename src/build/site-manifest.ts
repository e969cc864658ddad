/** The runtime manifest of a site, the same for `build` and `dev`: routes and redirects in priority order, cache rules. */
import type { ResolvedConfig } from '../config.ts';
import type { Manifest } from '../manifest.ts';
import { redirectRoutes } from './redirects.ts';
import { applyRouteRules } from './route-rules.ts';
import { compareRoutes } from './route-priority.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_SET, toEntry, type ScanResult, type ScannedRoute } from './scan-routes.ts';

/** Every route and config redirect, highest priority first (redirects keep their segments for the platform files). */
export function rankedRoutes(config: ResolvedConfig, scan: ScanResult, warnings: string[], root: string): ScannedRoute[] {
  applyRouteRules(config, scan.routes, warnings);
  // Middleware that caches may cache any route.
  if (scan.middleware && CACHE_SET.test(readFileSync(join(root, scan.middleware), 'utf8'))) for (const route of scan.routes) route.mayCache = true;
  return [...scan.routes, ...redirectRoutes(config, scan.routes)].sort(compareRoutes);
}

/** The manifest the handler reads; `renderAll` for the dev build. */
export function siteManifest(config: ResolvedConfig, scan: ScanResult, ranked: ScannedRoute[], renderAll?: boolean): Manifest {
  const manifest: Manifest = {
    routes: ranked.map(toEntry),
    base: config.base,
    trailingSlash: config.trailingSlash,
    output: config.output,
    middleware: scan.middleware !== undefined,
  };
  if (renderAll) manifest.renderAll = true;
  if (config.site) manifest.site = config.site;
  if (scan.notFound) manifest.notFound = toEntry(scan.notFound);
  if (scan.serverError) manifest.serverError = toEntry(scan.serverError);
  manifest.cacheBinding = config.cache.kvBinding;
  manifest.limits = config.limits;
  const { checkOrigin, allowedDomains, csp } = config.security;
  manifest.security = { checkOrigin };
  if (allowedDomains.length > 0) manifest.security.allowedDomains = allowedDomains;
  // On-demand pages stream, so their headers leave before any hash could be known: they always use a nonce.
  if (csp) manifest.security.csp = csp.directives;
  if (csp?.reportOnly) manifest.security.cspReportOnly = true;
  return manifest;
}

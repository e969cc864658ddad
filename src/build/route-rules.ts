/**
 * `routeRules` -> the cache rule of each on-demand route, decided at build time so the
 * runtime never matches rules per request. A key names a route by its pattern, or covers
 * every route whose pattern it matches ('/api/[...path]' covers '/api/users/[id]').
 */
import type { ResolvedConfig } from '../config.ts';
import { BuildError } from './build-error.ts';
import { compareRoutes } from './route-priority.ts';
import { parseRoutePath } from './route-segments.ts';
import type { ScannedRoute } from './scan-routes.ts';

/** Sets `route.cache` on the routes each rule covers (the most specific rule wins). */
export function applyRouteRules(config: Pick<ResolvedConfig, 'routeRules'>, routes: ScannedRoute[], warnings: string[]): void {
  const rules = Object.entries(config.routeRules).map(([key, rule]) => {
    const parsed = parseRoutePath(key.replace(/\/+$/, '').split('/').slice(1), 'edgepress.config.ts');
    return { key, rule, parsed, re: new RegExp(parsed.regex) };
  });
  rules.sort((a, b) => compareRoutes({ ...a.parsed, kind: 'page', prerender: false }, { ...b.parsed, kind: 'page', prerender: false }));
  for (const { key, rule, parsed, re } of rules) {
    const covered = routes.filter((r) => r.kind !== 'redirect' && (r.pattern === parsed.pattern || re.test(r.pattern)));
    if (covered.length === 0) {
      throw new BuildError('edgepress.config.ts', `routeRules[${JSON.stringify(key)}] matches no route; use a route's pattern as written by its file, such as '/products/[id]'.`);
    }
    const onDemand = covered.filter((r) => !r.prerender);
    if (onDemand.length === 0) {
      warnings.push(`routeRules[${JSON.stringify(key)}] covers only prerendered routes (${covered.map((r) => r.file).join(', ')}): they are static files already, so the rule does nothing.`);
    }
    for (const route of onDemand) route.cache ??= rule;
  }
}

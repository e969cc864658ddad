/** Pathname rules shared by the handler and the build: base, trailing slash, page files. */
import type { TrailingSlash } from '../config.ts';
import type { RouteEntry } from '../manifest.ts';

/** True when the last segment looks like a file name (`feed.xml`): no trailing-slash rule applies. */
export function hasExtension(path: string): boolean {
  const slash = path.lastIndexOf('/');
  return path.indexOf('.', slash + 1) > slash + 1;
}

/** The pathname routes are matched against: no trailing slash, except the root. */
export function routePath(path: string): string {
  if (path.length > 1 && path.charCodeAt(path.length - 1) === 47) {
    const trimmed = path.replace(/\/+$/, '');
    return trimmed === '' ? '/' : trimmed;
  }
  return path;
}

/**
 * The pathname the trailing-slash rule wants, or undefined when `path` already follows it.
 * The result always starts with exactly one '/', so it can never be a protocol-relative URL.
 */
export function trailingSlashTarget(path: string, rule: TrailingSlash): string | undefined {
  if (rule === 'ignore' || path === '/' || hasExtension(path)) return undefined;
  const endsWithSlash = path.endsWith('/');
  if (rule === 'always' && !endsWithSlash) return safePath(path + '/');
  if (rule === 'never' && endsWithSlash) return safePath(routePath(path));
  return undefined;
}

/**
 * Where the trailing-slash rule sends a request: a full pathname (base included), or undefined
 * when `pathname` already follows the rule. `path` is `pathname` with the base removed.
 */
export function trailingSlashRedirect(pathname: string, path: string, base: string, rule: TrailingSlash): string | undefined {
  if (base !== '/' && path === '/') {
    // The site's root under a base: '/docs/' with 'always', '/docs' with 'never'.
    const slash = pathname.endsWith('/');
    if (rule === 'always' && !slash) return base;
    if (rule === 'never' && slash) return base.slice(0, -1);
    return undefined;
  }
  const target = trailingSlashTarget(path, rule);
  return target === undefined || base === '/' ? target : base.slice(0, -1) + target;
}

/** Collapses leading slashes, backslashes (and tabs, newlines and spaces, which URL parsers drop) so a path stays on this origin. */
export function safePath(path: string): string {
  return '/' + path.replace(/^[/\\\t\n\r ]+/, '');
}

/**
 * A string a route hands to redirect() or rewrite(), read as a URL parser reads it (outer spaces
 * and tabs dropped): a path ('  //evil.com', '/\\evil.com') becomes one path on this origin, and
 * anything else (a relative path, an absolute URL) is returned as it is.
 */
export function originPath(text: string): string {
  const trimmed = text.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  return /^[/\\]/.test(trimmed) ? safePath(trimmed) : trimmed;
}

/** The static file a prerendered route writes for `path` (a route path). */
export function prerenderedFile(path: string, route: Pick<RouteEntry, 'kind' | 'isFile'>, rule: TrailingSlash): string {
  if (route.kind === 'endpoint' || route.isFile) return path;
  if (rule === 'never') return path === '/' ? '/index.html' : `${path}.html`;
  return path === '/' ? '/index.html' : `${path}/index.html`;
}

/**
 * Which config redirects a platform may answer itself (Workers Static Assets and Netlify
 * `_redirects`, Vercel's config.json), without changing any answer: the handler serves every
 * redirect anyway, so a rule is only handed over when the platform would give the same one.
 *  - It has an explicit status: a platform rule has one status for every method, and the
 *    default is 301 for GET/HEAD but 308 otherwise.
 *  - The platform can express it: static segments, whole-segment params, a rest param last.
 *  - No file route ranked above it can answer any of its paths, and no static file sits at one
 *    (platforms apply these rules before their files and before the worker), nor an island.
 *  - Its destination cannot leave the site: on this site, text comes before the first placeholder
 *    ('/[...p]' is not handed over). A platform pastes the matched text in as it is, so `/go//evil.com`
 *    against `/go/* /:splat` would send `//evil.com`; the worker re-encodes params instead.
 */
import type { AssetManifest } from '../runtime/assets/asset-server.ts';
import type { RedirectEntry, RedirectPart } from '../manifest.ts';
import type { Segment } from './route-segments.ts';
import type { ScannedRoute } from './scan-routes.ts';

/** One platform rule: source and destination in `_redirects` syntax (`:name`, `*`, `:splat`). */
export interface PlatformRedirect {
  from: string;
  to: string;
  status: number;
}

const PLACEHOLDER = /^[A-Za-z]\w*$/;
const isStatic = (s: Segment): boolean => s.every((p) => p.kind === 'static');

/** True when no path can match both: some segment is static in both and differs, or the lengths cannot meet. */
function disjoint(a: ScannedRoute, b: ScannedRoute): boolean {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const sa = a.segments[i]!;
    const sb = b.segments[i]!;
    if (isStatic(sa) && isStatic(sb) && sa.map((p) => (p.kind === 'static' ? p.text : '')).join('') !== sb.map((p) => (p.kind === 'static' ? p.text : '')).join('')) return true;
  }
  const hasRest = (r: ScannedRoute): boolean => r.rest.length > 0;
  return a.segments.length !== b.segments.length && !hasRest(a) && !hasRest(b);
}

/** The source in `_redirects` syntax, or undefined when it cannot be written there. */
function sourcePattern(route: ScannedRoute): { path: string; restLast: boolean } | undefined {
  let path = '';
  let restLast = false;
  for (const [i, segment] of route.segments.entries()) {
    if (isStatic(segment)) {
      path += '/' + encodeURI(segment.map((p) => (p.kind === 'static' ? p.text : '')).join(''));
      continue;
    }
    const only = segment.length === 1 ? segment[0]! : undefined;
    if (only?.kind === 'param' && PLACEHOLDER.test(only.name)) path += '/:' + only.name;
    else if (only?.kind === 'rest' && i === route.segments.length - 1) {
      path += '/*';
      restLast = true;
    } else return undefined;
  }
  return { path: path || '/', restLast };
}

/**
 * True when the platform's answer stays where the config points, whatever a placeholder holds: an
 * absolute destination keeps its origin (the path follows it), and a path on this site starts
 * with a base or some text of its own ('/a' in '/a[x]' or '/a/[x]') before any placeholder.
 */
function staysOnSite(redirect: RedirectEntry, prefix: string): boolean {
  if (redirect.origin || prefix !== '') return true;
  const [first] = redirect.to;
  return redirect.to.length === 1 || (typeof first === 'string' && /^\/[^/\\]/.test(first));
}

function destination(to: RedirectPart[], emptyRest: boolean): string {
  const text = to.map((p) => (typeof p === 'string' ? p : p.rest ? (emptyRest ? '' : ':splat') : ':' + p.param)).join('');
  return emptyRest ? text.replace(/\/+(?=$|[?#])/, '') || '/' : text;
}

/** Any island's path (under the base): params match one segment whatever its text. */
const ISLAND_PATH = '/_islands/island-00000000';

/** The rules to hand to the platform, in priority order. `base` prefixes sources and on-site destinations. */
export function platformRedirects(ranked: readonly ScannedRoute[], assets: AssetManifest, base: string, islands = false): PlatformRedirect[] {
  const prefix = base.slice(0, -1);
  const files = Object.keys(assets).filter((p) => p.startsWith(prefix + '/')).map((p) => p.slice(prefix.length));
  const out: PlatformRedirect[] = [];
  for (const [index, route] of ranked.entries()) {
    const redirect = route.redirect;
    if (route.kind !== 'redirect' || !redirect?.status || !staysOnSite(redirect, prefix)) continue;
    const source = sourcePattern(route);
    if (!source) continue;
    if (ranked.slice(0, index).some((other) => other.kind !== 'redirect' && !disjoint(route, other))) continue;
    const re = new RegExp(route.regex);
    if (files.some((file) => re.test(file) || re.test(file.replace(/\/index\.html$/, '') || '/'))) continue;
    // The handler answers islands before redirects; a platform rule would take them first.
    if (islands && re.test(ISLAND_PATH)) continue;
    const site = redirect.origin ?? prefix;
    out.push({ from: prefix + source.path, to: site + destination(redirect.to, false), status: redirect.status });
    // A rest param also matches no segment at all: '/blog' for '/blog/[...slug]'.
    if (source.restLast) out.push({ from: prefix + (source.path.slice(0, -2) || '/'), to: site + destination(redirect.to, true), status: redirect.status });
  }
  return out;
}

/** `_redirects` text (Workers Static Assets and Netlify share the syntax). */
export function redirectsFile(rules: readonly PlatformRedirect[]): string {
  return ['# Written by edgepress from `redirects` in edgepress.config.ts; the worker answers the others.', ...rules.map((r) => `${r.from} ${r.to} ${r.status}`)].join('\n') + '\n';
}

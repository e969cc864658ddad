/** The islands stage: `{base}_islands/{id}` renders a deferred component like a page, with the page's URL as `ctx.url`. */
import type { RouteEntry } from '../../manifest.ts';
import type { IslandSupport } from '../islands/setup.ts';
import { plainError } from '../builtin-pages.ts';
import { withHeader } from '../response-headers.ts';
import type { ErrorPages } from './error-page.ts';
import type { RenderRoute } from './render-route.ts';
import type { Exchange, Site, SitePath } from './site.ts';

/** Where islands answer, under the base (before files and routes: no platform file or 404 page may take it). */
export const ISLANDS_PREFIX = '/_islands/';

/** The island's answer, or undefined when the path is not an island's (a rewrite never is). */
export type IslandStage = (ex: Exchange, at: SitePath) => Promise<Response> | undefined;

/** The stage for a site that defers components; none for a site that does not. */
export function islandStage(site: Site, render: RenderRoute, errors: ErrorPages): IslandStage | undefined {
  const islands = site.app.islands;
  if (!islands) return undefined;
  return (ex, at) => (ex.rewrite || !at.path.startsWith(ISLANDS_PREFIX) ? undefined : answer(islands, ex, at.path));

  async function answer(islands: IslandSupport, ex: Exchange, path: string): Promise<Response> {
    const pattern = ISLANDS_PREFIX + path.slice(ISLANDS_PREFIX.length);
    try {
      const call = await islands.read(ex.request, ex.url, path.slice(ISLANDS_PREFIX.length), ex.env);
      if (call instanceof Response) return call;
      const route: RouteEntry = { pattern, regex: '', params: [], rest: [], kind: 'page', prerender: false, file: pattern, isFile: false, fragment: true };
      // The component's own call is the island's "frontmatter": it may set status, headers and cookies.
      const island = { default: () => call.component(call.props) };
      const { response } = await render({ ...ex, url: call.pageUrl }, { route, params: {}, props: {}, loaded: island });
      return withHeader(response, 'x-robots-tag', 'noindex');
    } catch (error) {
      const refused = errors.refusal(ex, pattern, error);
      if (refused) return refused;
      site.logError(ex.request, pattern, error);
      return plainError(ex.request, 500, 'Internal Server Error', error, site.dev);
    }
  }
}

/**
 * The actions stage: `{base}_actions/{name}` runs an action called from code (middleware first)
 * and answers JSON. The policy has run (body limit, deadline, origin check for form types); here a
 * browser naming another site in `Origin` is refused whatever the content type. Form actions
 * posted to a page run in the route's render (render-route.ts), through the same ActionSupport.
 */
import type { RouteEntry } from '../../manifest.ts';
import type { ActionSupport } from '../actions/setup.ts';
import { plainError } from '../builtin-pages.ts';
import type { RequestContext } from '../context.ts';
import { originCheck, refuseCrossOrigin } from '../origin-check.ts';
import type { ErrorPages } from './error-page.ts';
import type { RenderRoute } from './render-route.ts';
import type { Exchange, Site, SitePath } from './site.ts';

/** Where actions answer calls from code, under the base (before files and routes, like islands). */
export const ACTIONS_PREFIX = '/_actions/';

/** The action's answer, or undefined when the path is not an action call's (a rewrite never is). */
export type ActionStage = (ex: Exchange, at: SitePath) => Promise<Response> | undefined;

/** The stage for a site with an actions module; none for a site without (or while prerendering). */
export function actionStage(site: Site, render: RenderRoute, errors: ErrorPages): ActionStage | undefined {
  const actions = site.app.actions;
  if (!actions || site.prerendering) return undefined;
  const origins = originCheck(site);
  const pattern = ACTIONS_PREFIX + '[name]';
  const route: RouteEntry = { pattern, regex: '', params: ['name'], rest: [], kind: 'endpoint', prerender: false, file: pattern, isFile: false };
  return (ex, at) => (ex.rewrite || !at.path.startsWith(ACTIONS_PREFIX) ? undefined : answer(actions, ex, at.path));

  async function answer(actions: ActionSupport, ex: Exchange, path: string): Promise<Response> {
    const refused = origins && refuseCrossOrigin(ex.request, ex.url, origins, true);
    if (refused) {
      // Read the unwanted body to its end: a connection left with unread bytes is closed, or hangs behind a proxy.
      await ex.request.arrayBuffer().catch(() => undefined);
      return refused;
    }
    let name: string;
    try {
      name = decodeURIComponent(path.slice(ACTIONS_PREFIX.length));
    } catch {
      return plainError(ex.request, 400, 'Bad Request');
    }
    const exceeded = (): boolean => ex.counted?.exceeded() ?? false;
    const endpoint = { ALL: (ctx: RequestContext) => actions.answer(ctx, name, exceeded) };
    try {
      return (await render(ex, { route, params: { name }, props: {}, loaded: endpoint })).response;
    } catch (error) {
      const answered = errors.refusal(ex, pattern, error);
      if (answered) return answered;
      site.logError(ex.request, pattern, error);
      return plainError(ex.request, 500, 'Internal Server Error', error, site.dev);
    }
  }
}

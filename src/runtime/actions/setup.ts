/** What a bundle with a site actions module gives the handler: the actions, loaded on first use, and the keys that seal results. */
import { envKeyRing, type KeyRing } from '../islands/props-cipher.ts';
import type { RequestContext } from '../context.ts';
import { actionDefinition, ActionSetupError, type ActionDefinition } from './define.ts';
import { RESULT_COOKIE } from './result-cookie.ts';
import { answerActionCall, pageActionStage } from './stage.ts';
import { actionStage } from '../stages/actions.ts';

export interface ActionSupport {
  /** The action named `name`, or undefined (own keys only: `__proto__` names nothing). */
  find(name: string): Promise<ActionDefinition | undefined>;
  /** The keys for a request: `EDGEPRESS_KEY` from the platform's env first, then the build's. */
  ring(env: unknown): KeyRing;
  /** `{base}/_actions/<name>`: the JSON answer. */
  answer(ctx: RequestContext, name: string, exceeded: () => boolean): Promise<Response>;
  /** True when the request carries a result a redirect kept: the page is the visitor's own, never from the route cache. */
  carriesResult(request: Request): boolean;
  /** Before an on-demand page renders: a form's action, or the result a redirect kept; a Response ends the request. */
  beforePage(ctx: RequestContext, exceeded: () => boolean): Promise<Response | undefined>;
  /** The handler's stage for `{base}_actions/<name>` (here, so a site without actions never imports it). */
  stage: typeof actionStage;
}

/** Action support for a bundle: `load` imports the site's actions module (`file` names it in errors). */
export function actionSupport(load: () => Promise<unknown>, buildKeys: string[], file: string): ActionSupport {
  let actions: Promise<Record<string, unknown>> | undefined;
  const loadActions = (): Promise<Record<string, unknown>> =>
    (actions ??= load().then((mod) => {
      const value = (mod as { actions?: unknown }).actions;
      if (typeof value !== 'object' || value === null) throw new ActionSetupError(`${file} must export \`actions\`, an object of defineAction(...) values.`);
      return value as Record<string, unknown>;
    }));
  const support: ActionSupport = {
    async find(name) {
      const all = await loadActions();
      return Object.hasOwn(all, name) ? actionDefinition(all[name]) : undefined;
    },
    ring: envKeyRing(buildKeys),
    answer: (ctx, name, exceeded) => answerActionCall(support, ctx, name, exceeded),
    beforePage: (ctx, exceeded) => pageActionStage(support, ctx, exceeded),
    carriesResult: (request) => request.headers.get('cookie')?.includes(RESULT_COOKIE) ?? false,
    stage: actionStage,
  };
  return support;
}

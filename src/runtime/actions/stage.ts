/**
 * The actions stage of the request path, for a bundle with a site actions module:
 * - `POST {base}/_actions/<name>` answers JSON `{ data }`, `{ redirect }` or `{ error }` (status from the error's code);
 * - a form `POST` to a page's `?_action=<name>` runs the action, then redirects to the page (post/redirect/get,
 *   the result kept for that GET) or, for an error, renders the page with it and the error's status;
 * - a page's `GET` takes the result a redirect kept.
 * The request policy (origin check, body limit, deadline) has run before this stage (stages/policy.ts).
 */
import type { RequestContext } from '../context.ts';
import { ActionError } from './action-error.ts';
import type { FormActionResult } from './define.ts';
import { RESULT_COOKIE, keepResult, takeResult } from './result-cookie.ts';
import { runAction } from './run-action.ts';
import type { ActionSupport } from './setup.ts';

/** Where action calls answer, under the base. */
export const ACTIONS_PREFIX = '/_actions/';

const JSON_TYPE = 'application/json; charset=utf-8';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store' } });
}

function errorAnswer(error: ActionError): Response {
  return json({ error: error.toJSON() }, error.status);
}

/** `POST {base}/_actions/<name>`: the action called from code, answered as JSON. */
/** `exceeded` says whether the body went past `limits.bodyBytes`. */
export async function answerActionCall(support: ActionSupport, ctx: RequestContext, name: string, exceeded: () => boolean): Promise<Response> {
  if (ctx.request.method !== 'POST') {
    const answer = errorAnswer(new ActionError({ code: 'METHOD_NOT_ALLOWED', message: 'Actions are called with POST.' }));
    answer.headers.set('allow', 'POST');
    return answer;
  }
  const action = await support.find(name);
  if (!action) return errorAnswer(new ActionError({ code: 'NOT_FOUND', message: `There is no action named ${JSON.stringify(name)}.` }));
  const outcome = await runAction(name, action, ctx, exceeded);
  if (outcome.error) return errorAnswer(outcome.error);
  if (outcome.redirect) return json({ redirect: outcome.redirect.headers.get('location') });
  return json(outcome.data === undefined ? {} : { data: outcome.data });
}

/** Before a page renders: runs a form's action (`POST ?_action=name`) or takes the result a redirect kept. A Response ends the request. */
export async function pageActionStage(support: ActionSupport, ctx: RequestContext, exceeded: () => boolean): Promise<Response | undefined> {
  const { request, url } = ctx;
  if (request.method === 'GET') {
    // Only a page with the result cookie pays for reading it.
    if (!request.headers.get('cookie')?.includes(RESULT_COOKIE)) return undefined;
    const kept = await takeResult(ctx, support.ring(ctx.env));
    if (kept) ctx.actionResult = { name: kept.name, result: { data: kept.data } };
    return undefined;
  }
  if (request.method !== 'POST') return undefined;
  const name = url.searchParams.get('_action');
  if (name === null) return undefined;
  const action = await support.find(name);
  if (!action) {
    return new Response(`There is no action named ${JSON.stringify(name)}.`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const outcome = await runAction(name, action, ctx, exceeded);
  if (outcome.redirect) return outcome.redirect;
  if (outcome.error) {
    ctx.actionResult = { name, result: { error: outcome.error, values: outcome.values ?? {} } as FormActionResult<unknown, unknown> };
    ctx.response.status = outcome.error.status;
    return undefined;
  }
  // Post/redirect/get: a reload of the page the visitor lands on does not post again.
  if (await keepResult(ctx, support.ring(ctx.env), name, outcome.data)) {
    const target = new URL(url);
    target.searchParams.delete('_action');
    return new Response(null, { status: 303, headers: { location: target.pathname + target.search } });
  }
  // Too large for a cookie: the page renders the result on the POST itself.
  ctx.actionResult = { name, result: { data: outcome.data } };
  return undefined;
}

/** One action call: read the body, validate it with the action's schema, run the handler. */
import { BadRequestError } from '../errors.ts';
import { ActionError, type ActionErrorCode } from './action-error.ts';
import type { ActionContext, ActionDefinition } from './define.ts';
import { formInput, formValues } from './form-input.ts';
import type { StandardSchemaV1 } from './standard-schema.ts';

/** What a call came to: data, a redirect the handler returned, or an error (with the submitted values of a form). */
export type ActionOutcome =
  | { data: unknown; error?: undefined; redirect?: undefined }
  | { redirect: Response; data?: undefined; error?: undefined }
  | { error: ActionError; values?: Record<string, string | string[]>; data?: undefined; redirect?: undefined };

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** Runs action `name` for `ctx.request`; `exceeded` says whether the body went past `limits.bodyBytes`. */
export async function runAction(name: string, action: ActionDefinition, ctx: ActionContext, exceeded: () => boolean): Promise<ActionOutcome> {
  const read = await readInput(ctx.request, action, exceeded);
  if (read.error) return { error: read.error };
  const values = read.form ? formValues(read.input as Record<string, unknown>) : undefined;
  let input: unknown = read.input;
  if (action.input) {
    const result = await action.input['~standard'].validate(input);
    if (result.issues) return { error: inputError(result.issues), values };
    input = result.value;
  }
  try {
    const data = await action.handler(input, ctx);
    if (data instanceof Response) {
      if (data.status >= 300 && data.status < 400 && data.headers.has('location')) return { redirect: data };
      throw new TypeError(`the handler of action '${name}' returned a ${data.status} Response; return data, ctx.redirect(...), or throw an ActionError.`);
    }
    return { data };
  } catch (error) {
    return { error: visibleError(name, error), values };
  }
}

/** The body as the action's input, by content type; an ActionError for a body it does not take. */
async function readInput(
  request: Request,
  action: ActionDefinition,
  exceeded: () => boolean,
): Promise<{ input: unknown; form?: boolean; error?: undefined } | { error: ActionError }> {
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  try {
    if (FORM_TYPES.has(type)) {
      if (action.accept === 'json') return { error: new ActionError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This action takes JSON (application/json).' }) };
      return { input: formInput(await request.formData()), form: true };
    }
    if (type === 'application/json' || type.endsWith('+json')) {
      const text = await request.text();
      if (text.trim() === '') return { input: undefined };
      try {
        return { input: JSON.parse(text) };
      } catch {
        return { error: new ActionError({ code: 'BAD_REQUEST', message: 'The body is not valid JSON.' }) };
      }
    }
    if (type === '' && request.body === null) return { input: undefined };
  } catch (error) {
    if (exceeded()) return { error: new ActionError({ code: 'CONTENT_TOO_LARGE', message: 'Payload Too Large' }) };
    return { error: error instanceof BadRequestError ? statusError(error) : new ActionError({ code: 'BAD_REQUEST', message: 'The body could not be read.' }) };
  }
  const accepted = action.accept === 'form' ? 'form data or JSON' : 'JSON (application/json)';
  return { error: new ActionError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `This action takes ${accepted}.` }) };
}

/** The schema's issues as one BAD_REQUEST error: messages per field (the first path segment), and all in the message. */
function inputError(issues: ReadonlyArray<StandardSchemaV1.Issue>): ActionError {
  const fields: Record<string, string[]> = {};
  const lines: string[] = [];
  for (const issue of issues) {
    const first = issue.path?.[0];
    const key = typeof first === 'object' && first !== null ? first.key : first;
    if (typeof key === 'string' || typeof key === 'number') {
      const name = String(key);
      if (!Object.hasOwn(fields, name)) Object.defineProperty(fields, name, { value: [], enumerable: true, writable: true });
      fields[name]!.push(issue.message);
      lines.push(`${name}: ${issue.message}`);
    } else {
      lines.push(issue.message);
    }
  }
  return new ActionError({ code: 'BAD_REQUEST', message: `Invalid input: ${lines.join('; ')}`, fields });
}

/** What a caller may see of a thrown error: an ActionError as it is; anything else logged, and a bare 500 (never a stack). */
function visibleError(name: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error;
  if (error instanceof BadRequestError) return statusError(error);
  console.error(`[edgepress] action '${name}' failed:`, error);
  return new ActionError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' });
}

function statusError(error: BadRequestError): ActionError {
  const code: ActionErrorCode = error.status === 413 ? 'CONTENT_TOO_LARGE' : 'BAD_REQUEST';
  return new ActionError({ code, message: error.statusText });
}

/**
 * The client stubs that stand for the site's actions module in browser code: each property of
 * `actions` is a function that posts its input to `{base}_actions/<name>` and resolves to
 * `{ data }`, `{ data, redirect }` or `{ error }` (an ActionError). Web APIs only, no server code.
 */
import { ACTION_ERROR_STATUS, ActionError, type ActionErrorCode } from './action-error.ts';

type Result = { data?: unknown; error?: ActionError; redirect?: string };

/** The code for an HTTP status an answer had without an error body (a proxy's 502, a 413 from the policy). */
function codeFor(status: number): ActionErrorCode {
  const found = (Object.keys(ACTION_ERROR_STATUS) as ActionErrorCode[]).find((code) => ACTION_ERROR_STATUS[code] === status);
  return found ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

async function call(url: string, input: unknown): Promise<Result> {
  const form = typeof FormData !== 'undefined' && input instanceof FormData;
  const response = await fetch(url, {
    method: 'POST',
    headers: form ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: form ? (input as FormData) : input === undefined ? undefined : JSON.stringify(input),
  });
  let body: Result | undefined;
  try {
    body = (await response.json()) as Result;
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object' && 'error' in body) return { error: ActionError.fromJSON(body.error) };
  if (!response.ok) return { error: new ActionError({ code: codeFor(response.status), message: response.statusText || `HTTP ${response.status}` }) };
  if (body && typeof body.redirect === 'string') return { data: undefined, redirect: body.redirect };
  return { data: body?.data };
}

function stub(base: string, name: string): unknown {
  const url = `${base}_actions/${encodeURIComponent(name)}`;
  const action = (input: unknown): Promise<Result> => call(url, input);
  return Object.assign(action, {
    actionName: name,
    orThrow: async (input: unknown) => {
      const result = await call(url, input);
      if (result.error) throw result.error;
      return result.data;
    },
    toString: () => `?_action=${encodeURIComponent(name)}`,
  });
}

/** `actions` for client code: a stub per name, made on first use. */
export function clientActions(base: string): Record<string, unknown> {
  const stubs = new Map<string, unknown>();
  return new Proxy({} as Record<string, unknown>, {
    get(_, name) {
      // Not a thenable, and no stub for symbols (inspection, iteration).
      if (typeof name !== 'string' || name === 'then') return undefined;
      let found = stubs.get(name);
      if (found === undefined) stubs.set(name, (found = stub(base, name)));
      return found;
    },
  });
}

/**
 * `defineAction()`: a typed server function behind a form (`action={actions.name}` renders
 * `?_action=name`) and behind `POST {base}/_actions/<name>`. The handler runs on the server only;
 * client code gets stubs of the same type (see client.ts).
 */
import type { EndpointContext } from '../context.ts';
import { currentScope } from '../render/scope.ts';
import type { ActionError } from './action-error.ts';
import { isStandardSchema, type StandardSchemaV1 } from './standard-schema.ts';

/** What an action reads: `'form'` (form data, or a JSON object from code) or `'json'` (JSON only). */
export type ActionAccept = 'form' | 'json';

/** The context an action handler gets: a page's, without the response it will not render. */
export type ActionContext = EndpointContext;

/** One submitted form value: text, or a file. */
export type FormField = string | File;
/** A form's fields without a schema: one value a string (or File), a repeated one an array. */
export type FormFields = Record<string, FormField | FormField[]>;
/** What callers pass: the schema's input; without one, a form's fields or any JSON. */
type SchemaInput<S, Accept> = S extends StandardSchemaV1 ? StandardSchemaV1.InferInput<S> : Accept extends 'form' ? FormFields : unknown;
/** What the handler gets: the schema's output; without one, the form's fields or the JSON as sent. */
type SchemaOutput<S, Accept> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : Accept extends 'form' ? FormFields : unknown;

/** What a handler's return becomes for callers: awaited, and a Response (a redirect) left out. */
export type ActionData<Output> = Exclude<Awaited<Output>, Response>;

/** What a caller may pass: the schema's input, or FormData for a form action. */
export type ActionCallInput<Accept extends ActionAccept, Input> = Accept extends 'form' ? Input | FormData : Input;

/** The values a form submitted, by field name (repeated fields as arrays, files left out): for re-filling the form. */
export type FormValues<Input> = Partial<Record<Input extends object ? Extract<keyof Input, string> : string, string | string[]>>;

/** A call's outcome: `{ data }` or `{ error }` (an `ActionError`); `redirect` when the handler redirected. */
export type ActionResult<Input, Data> =
  | { data: Data; error?: undefined; redirect?: string }
  | { data?: undefined; error: ActionError<Input>; redirect?: undefined };

/** What `ctx.getActionResult(action)` gives a page after a form submission; `values` re-fill the form on an error. */
export type FormActionResult<Input, Data> =
  | { data: Data; error?: undefined; values?: undefined }
  | { data?: undefined; error: ActionError<Input>; values: FormValues<Input> };

/** The parts the server runs; hidden from the action's public face. */
export interface ActionDefinition {
  accept: ActionAccept;
  input: StandardSchemaV1 | undefined;
  handler: (input: unknown, ctx: ActionContext) => unknown;
}

/** Marks an action (the renderer knows it by this symbol and writes its URL as a form's `action`). */
export const DEFINITION: unique symbol = Symbol.for('edgepress.action');
const NAME: unique symbol = Symbol('edgepress.actionName');

/**
 * An action. In client code (through the stubs) calling it posts to `/_actions/<name>`;
 * as a form's `action` it is the URL `?_action=<name>` of the page it is rendered in.
 */
export interface Action<Accept extends ActionAccept = ActionAccept, Input = unknown, Output = unknown> {
  (input: ActionCallInput<Accept, Input>): Promise<ActionResult<Input, ActionData<Output>>>;
  /** The data, or the `ActionError` thrown. */
  orThrow(input: ActionCallInput<Accept, Input>): Promise<ActionData<Output>>;
  /** The key of the action in the site's `actions` object (named by the build). */
  readonly actionName: string;
  readonly accept: Accept;
  /** `?_action=<name>`: the form posts to the page it is on. */
  toString(): string;
}

/** The schema input of an action's type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionInputOf<A> = A extends Action<any, infer Input, any> ? Input : never;
/** The data an action's type answers with. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionDataOf<A> = A extends Action<any, any, infer Output> ? ActionData<Output> : never;

/** Any action, whatever its input and data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = Action<any, any, any>;

/** The site's `actions` object. */
export type Actions = Record<string, AnyAction>;

/** Thrown at build time for an action used where it cannot run (a prerendered page) or defined wrongly. */
export class ActionSetupError extends Error {
  override name = 'ActionSetupError';
}

/** Defines an action: `input` is any Standard Schema validator (zod, valibot, arktype...); `handler(input, ctx)` returns data or throws `ActionError`. */
export function defineAction<Output, Schema extends StandardSchemaV1 | undefined = undefined, Accept extends ActionAccept = 'json'>(definition: {
  accept?: Accept;
  input?: Schema;
  handler: (input: SchemaOutput<Schema, Accept>, ctx: ActionContext) => Output | Promise<Output>;
}): Action<Accept, SchemaInput<Schema, Accept>, Output> {
  const accept = definition.accept ?? 'json';
  if (accept !== 'form' && accept !== 'json') throw new ActionSetupError(`defineAction({ accept: ${JSON.stringify(accept)} }): accept must be 'form' or 'json'.`);
  if (definition.input !== undefined && !isStandardSchema(definition.input)) {
    throw new ActionSetupError('defineAction({ input }): input must be a Standard Schema validator (zod 4, valibot 1, arktype 2...), such as z.object({ ... }).');
  }
  if (typeof definition.handler !== 'function') throw new ActionSetupError('defineAction({ handler }): handler must be a function (input, ctx) => data.');
  let name = '';
  const action = function serverAction(): never {
    throw new ActionSetupError(
      `actions.${name || '<action>'}() was called on the server. Calling an action posts to /_actions/${name}: do that from client code; ` +
        'on the server, call the function the handler calls.',
    );
  } as unknown as Action<Accept, SchemaInput<Schema, Accept>, Output>;
  const hidden: ActionDefinition = { accept, input: definition.input, handler: definition.handler as ActionDefinition['handler'] };
  Object.defineProperties(action, {
    [DEFINITION]: { value: hidden },
    accept: { value: accept, enumerable: true },
    actionName: { get: () => name, enumerable: true },
    orThrow: { value: action },
    // Named once by the build's code at the end of the actions module (nameActions).
    [NAME]: { set: (value: string) => void (name = value) },
    toString: {
      value: () => {
        const page = currentScope()?.page as { isPrerendered?: boolean } | undefined;
        if (page?.isPrerendered) {
          throw new ActionSetupError(`this page renders a form for the action '${name}', which runs on demand only: add \`export const prerender = false\` to the page.`);
        }
        return `?_action=${encodeURIComponent(name)}`;
      },
    },
  });
  return action;
}

/** The definition behind `value` when it is an action. */
export function actionDefinition(value: unknown): ActionDefinition | undefined {
  return typeof value === 'function' ? (value as unknown as { [DEFINITION]?: ActionDefinition })[DEFINITION] : undefined;
}

/** Names each action by its key (the build appends this call to the site's actions module). */
export function nameActions(actions: unknown, file: string): void {
  if (typeof actions !== 'object' || actions === null) throw new ActionSetupError(`${file} must export \`actions\`, an object of defineAction(...) values.`);
  for (const [key, value] of Object.entries(actions)) {
    if (!actionDefinition(value)) throw new ActionSetupError(`${file}: actions.${key} is not made by defineAction() from 'edgepress/actions'.`);
    (value as unknown as { [NAME]: string })[NAME] = key;
  }
}

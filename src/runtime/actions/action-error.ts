/**
 * `ActionError`: what an action handler throws to answer with a status, and what callers get
 * back in `{ error }`. Shared by the server and the client stubs: no server code here.
 */

/** Each code an `ActionError` may carry, and the HTTP status it answers with. */
export const ACTION_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  PROXY_AUTHENTICATION_REQUIRED: 407,
  TIMEOUT: 408,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  CONTENT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;

export type ActionErrorCode = keyof typeof ACTION_ERROR_STATUS;

/** Messages per input field, keyed by the field's name (the first segment of the path). */
export type FieldErrors<Input = Record<string, unknown>> = Partial<Record<Input extends object ? Extract<keyof Input, string> : string, string[]>>;

/** The error's JSON form, as `/_actions/<name>` answers it (never a stack). */
export interface ActionErrorJSON {
  code: ActionErrorCode;
  message: string;
  fields?: Record<string, string[]>;
}

/** Thrown by an action handler (or made by edgepress) to answer `{ error }` with the code's status. */
export class ActionError<Input = Record<string, unknown>> extends Error {
  override name = 'ActionError';
  readonly code: ActionErrorCode;
  readonly status: number;
  /** Present when the input failed its schema: the messages per field. */
  readonly fields?: FieldErrors<Input>;

  constructor(init: { code: ActionErrorCode; message?: string; fields?: FieldErrors<Input> }) {
    const status = ACTION_ERROR_STATUS[init.code];
    if (status === undefined) throw new TypeError(`ActionError: unknown code ${JSON.stringify(init.code)}; use one of ${Object.keys(ACTION_ERROR_STATUS).join(', ')}.`);
    super(init.message ?? init.code);
    this.code = init.code;
    this.status = status;
    if (init.fields) this.fields = init.fields;
  }

  /** What a visitor may see: the code, the message and the field messages. */
  toJSON(): ActionErrorJSON {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields as Record<string, string[]> } : {}) };
  }

  /** The error an answer describes (an unknown code reads as INTERNAL_SERVER_ERROR). */
  static fromJSON<Input>(json: unknown): ActionError<Input> {
    const value = (typeof json === 'object' && json !== null ? json : {}) as Partial<ActionErrorJSON>;
    const code = typeof value.code === 'string' && Object.hasOwn(ACTION_ERROR_STATUS, value.code) ? value.code : 'INTERNAL_SERVER_ERROR';
    const message = typeof value.message === 'string' ? value.message : code;
    return new ActionError<Input>({ code, message, fields: value.fields as FieldErrors<Input> | undefined });
  }
}

/** True for an `ActionError` whose input failed validation (it has `fields`). */
export function isInputError<Input>(error: unknown): error is ActionError<Input> & { fields: FieldErrors<Input> } {
  return error instanceof ActionError && error.code === 'BAD_REQUEST' && error.fields !== undefined;
}

/** True for any `ActionError`. */
export function isActionError(error: unknown): error is ActionError {
  return error instanceof ActionError;
}

/** `edgepress/actions`: typed server functions behind forms and `POST {base}/_actions/<name>`. */
export { defineAction, ActionSetupError } from './define.ts';
export type {
  Action,
  AnyAction,
  Actions,
  ActionAccept,
  ActionCallInput,
  ActionContext,
  ActionData,
  ActionDataOf,
  ActionInputOf,
  ActionResult,
  FormActionResult,
  FormValues,
  FormFields,
  FormField,
} from './define.ts';
export { ActionError, isActionError, isInputError, ACTION_ERROR_STATUS } from './action-error.ts';
export type { ActionErrorCode, ActionErrorJSON, FieldErrors } from './action-error.ts';
export type { StandardSchemaV1 } from './standard-schema.ts';

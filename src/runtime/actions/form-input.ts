/**
 * Form data as an action's input: one field is a string (or a File), a repeated field an array.
 * Every name becomes an own property, so `__proto__` or `constructor` fields are inert data that a
 * schema drops, never a prototype.
 */
import type { FormField } from './define.ts';

/** The fields of `form` as a plain object of own properties. */
export function formInput(form: FormData): Record<string, FormField | FormField[]> {
  const input: Record<string, FormField | FormField[]> = {};
  for (const [name, value] of form) {
    if (Object.hasOwn(input, name)) {
      const previous = input[name]!;
      if (Array.isArray(previous)) previous.push(value);
      else define(input, name, [previous, value]);
    } else {
      define(input, name, value);
    }
  }
  return input;
}

/** The text fields of a submission (files left out), to re-fill the form after an error. */
export function formValues(input: Record<string, unknown>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const name of Object.keys(input)) {
    const value = input[name];
    if (typeof value === 'string') define(values, name, value);
    else if (Array.isArray(value)) define(values, name, value.filter((v): v is string => typeof v === 'string'));
  }
  return values;
}

function define(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

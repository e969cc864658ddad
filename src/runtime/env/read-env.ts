/**
 * Reads a site's env against its schema (config `env.schema`): strings kept, numbers and
 * booleans parsed, enums checked, defaults applied. Used at request time (once per isolate),
 * by `edgepress build --check-env` and by the client build for public values. Web-standard.
 */

/** One variable of the resolved schema (plain JSON, embedded in the bundle). */
export interface EnvFieldSpec {
  type: 'string' | 'number' | 'boolean' | 'enum';
  values?: string[];
  access: 'public' | 'secret';
  optional: boolean;
  default?: string | number | boolean;
}

export type EnvSchemaSpec = Record<string, EnvFieldSpec>;

/** A variable that is missing or malformed, with a sentence naming it. */
export interface EnvProblem {
  name: string;
  message: string;
}

const describe = (field: EnvFieldSpec): string => (field.type === 'enum' ? `one of ${field.values!.map((v) => `'${v}'`).join(', ')}` : `a ${field.type}`);

/** One value: its parsed form, or the problem. Strings from .dev.vars and vars, numbers and booleans from JSON vars. */
function parse(name: string, field: EnvFieldSpec, raw: unknown): { value?: unknown; problem?: EnvProblem } {
  if (raw === undefined || raw === null) {
    if (field.default !== undefined) return { value: field.default };
    if (field.optional) return { value: undefined };
    return { problem: { name, message: `${name} is required (${describe(field)}, ${field.access}) but not set` } };
  }
  const bad = (): { problem: EnvProblem } => ({ problem: { name, message: `${name} is ${JSON.stringify(raw)}, which is not ${describe(field)}` } });
  switch (field.type) {
    case 'string':
      return typeof raw === 'string' ? { value: raw } : bad();
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : bad();
      if (typeof raw !== 'string' || raw.trim() === '') return bad();
      const value = Number(raw);
      return Number.isFinite(value) ? { value } : bad();
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === '1') return { value: true };
      if (raw === 'false' || raw === '0') return { value: false };
      return bad();
    case 'enum':
      return typeof raw === 'string' && field.values!.includes(raw) ? { value: raw } : bad();
  }
}

/** Every variable of `schema` read from `env`: the parsed values and the problems, in schema order. */
export function readEnv(schema: EnvSchemaSpec, env: Record<string, unknown> | undefined): { values: Record<string, unknown>; problems: EnvProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: EnvProblem[] = [];
  for (const [name, field] of Object.entries(schema)) {
    const result = parse(name, field, env?.[name]);
    if (result.problem) problems.push(result.problem);
    else values[name] = result.value;
  }
  return { values, problems };
}

/**
 * `env: { schema }` in edgepress.config.ts: each variable's type, whether it is required, and
 * whether it may reach client code. The types here give `ctx.env` its shape (`EnvFromSchema`);
 * `resolveEnv` checks the config itself and hands the runtime plain JSON (src/runtime/env/).
 */
import { InvalidConfigError } from './config-error.ts';
import type { EnvFieldSpec, EnvSchemaSpec } from './runtime/env/read-env.ts';

export type { EnvFieldSpec, EnvSchemaSpec };

interface FieldBase {
  /** 'public': may reach client code (its build-time value is inlined); 'secret' (default): never does. */
  access?: 'public' | 'secret';
  /** Missing is fine (the value is then undefined); without it and without a default, missing is an error. */
  optional?: boolean;
}

/** One variable of `env.schema`. */
export type EnvField =
  | (FieldBase & { type: 'string'; default?: string })
  | (FieldBase & { type: 'number'; default?: number })
  | (FieldBase & { type: 'boolean'; default?: boolean })
  | (FieldBase & { type: 'enum'; values: readonly [string, ...string[]]; default?: string });

export type EnvSchema = Record<string, EnvField>;

export interface EnvConfig<S extends EnvSchema = EnvSchema> {
  /** The variables the site needs, checked once per isolate before its first request. */
  schema: S;
}

type FieldValue<F> = F extends { type: 'string' }
  ? string
  : F extends { type: 'number' }
    ? number
    : F extends { type: 'boolean' }
      ? boolean
      : F extends { type: 'enum'; values: readonly (infer V)[] }
        ? V
        : never;
type IsRequired<F> = F extends { default: unknown } ? true : F extends { optional: true } ? false : true;

/** The values a schema gives `ctx.env`: numbers and booleans parsed, defaults applied, optional ones possibly undefined. */
export type EnvFromSchema<S> = {
  readonly [K in keyof S as IsRequired<S[K]> extends true ? K : never]: FieldValue<S[K]>;
} & {
  readonly [K in keyof S as IsRequired<S[K]> extends true ? never : K]?: FieldValue<S[K]>;
};

/**
 * `ctx.env`'s type for a site: its config's schema over the bindings `wrangler types` wrote.
 * `declare global { namespace App { interface Env extends SiteEnv<typeof config, Cloudflare.Env> {} } }`
 */
export type SiteEnv<Config, Bindings = unknown> = Config extends { env?: { schema: infer S } }
  ? Omit<Bindings, keyof S> & EnvFromSchema<S>
  : Bindings;

const TYPES = ['string', 'number', 'boolean', 'enum'] as const;
const KEYS = new Set(['type', 'access', 'optional', 'default', 'values']);

/** Checks `env` and returns its schema as data (`{}` when the site has none). */
export function resolveEnv(value: unknown): EnvSchemaSpec {
  if (value === undefined) return {};
  const example = "{ schema: { API_URL: { type: 'string', access: 'public' } } }";
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidConfigError(`edgepress.config.ts: \`env\` must be an object, as in ${example}.`);
  for (const key of Object.keys(value)) if (key !== 'schema') throw new InvalidConfigError(`edgepress.config.ts: unknown option \`env.${key}\`; the option is schema.`);
  const schema = (value as { schema?: unknown }).schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new InvalidConfigError(`edgepress.config.ts: \`env.schema\` must be an object, as in ${example}.`);
  const out: EnvSchemaSpec = {};
  for (const [name, raw] of Object.entries(schema)) {
    const where = `edgepress.config.ts: env.schema.${name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InvalidConfigError(`edgepress.config.ts: env.schema[${JSON.stringify(name)}]: a variable name is letters, digits and _, not starting with a digit.`);
    const field = raw as Record<string, unknown> | null;
    if (typeof field !== 'object' || field === null) throw new InvalidConfigError(`${where}: use { type: 'string' | 'number' | 'boolean' | 'enum', access?, optional?, default? }.`);
    for (const key of Object.keys(field)) if (!KEYS.has(key)) throw new InvalidConfigError(`${where}: unknown option \`${key}\`; the options are ${[...KEYS].join(', ')}.`);
    const type = field.type;
    if (!(TYPES as readonly unknown[]).includes(type)) throw new InvalidConfigError(`${where}: \`type\` is ${JSON.stringify(type)}; use 'string', 'number', 'boolean' or 'enum'.`);
    const access = field.access ?? 'secret';
    if (access !== 'public' && access !== 'secret') throw new InvalidConfigError(`${where}: \`access\` is ${JSON.stringify(access)}; use 'public' (may reach client code) or 'secret'.`);
    if (field.optional !== undefined && typeof field.optional !== 'boolean') throw new InvalidConfigError(`${where}: \`optional\` must be true or false.`);
    let values: string[] | undefined;
    if (type === 'enum') {
      if (!Array.isArray(field.values) || field.values.length === 0 || field.values.some((v) => typeof v !== 'string')) {
        throw new InvalidConfigError(`${where}: an enum needs \`values\`, a list of strings such as ['light', 'dark'].`);
      }
      values = field.values as string[];
    } else if (field.values !== undefined) {
      throw new InvalidConfigError(`${where}: \`values\` is for type 'enum' only.`);
    }
    const spec: EnvFieldSpec = { type: type as EnvFieldSpec['type'], access, optional: field.optional === true, ...(values ? { values } : {}) };
    if (field.default !== undefined) {
      const ok = type === 'enum' ? values!.includes(field.default as string) : typeof field.default === type && (type !== 'number' || Number.isFinite(field.default));
      if (!ok) throw new InvalidConfigError(`${where}: \`default\` is ${JSON.stringify(field.default)}, which is not ${type === 'enum' ? `one of ${values!.map((v) => `'${v}'`).join(', ')}` : `a ${type}`}.`);
      spec.default = field.default as EnvFieldSpec['default'];
    }
    out[name] = spec;
  }
  return out;
}

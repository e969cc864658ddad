/**
 * The env schema at request time: the platform's env is read against the schema once per env
 * object (once per isolate on Workers), before the first request is answered. A missing or
 * malformed variable answers 500: in development a page naming it and the fix, in production
 * the plain 500 and one log line naming it. Routes and worker.ts handlers get the parsed values.
 */
import { plainError } from '../builtin-pages.ts';
import { devErrorResponse } from '../dev-error.ts';
import { readEnv, type EnvProblem, type EnvSchemaSpec } from './read-env.ts';

/** A variable of `env.schema` is missing or malformed. */
export class EnvError extends Error {
  override name = 'EnvError';
  readonly hint = 'Set it in .dev.vars for development (`npx wrangler secret put NAME` for a deployed secret), or in vars of the wrangler config; the schema is env.schema in edgepress.config.ts.';
  constructor(readonly problems: EnvProblem[]) {
    super(`${problems.map((p) => p.message).join('; ')} (env.schema in edgepress.config.ts)`);
    // The message says everything; a stack into the framework would only hide it.
    this.stack = '';
  }
}

type Checked = { env: unknown; error?: undefined } | { error: EnvError; env?: undefined };

export interface EnvSupport {
  /** The env a request's route sees, or the 500 answer when a variable is missing or malformed. */
  forRequest(env: unknown, request: Request): { env: unknown; response?: undefined } | { response: Response; env?: undefined };
  /** The env a worker.ts handler sees; throws EnvError when a variable is missing or malformed. */
  forHandler(env: unknown): unknown;
}

const NO_ENV = {};

/** The checker for `schema`; `dev` shows the problem in the page instead of only logging it. */
export function envSupport(schema: EnvSchemaSpec, dev = false): EnvSupport {
  const seen = new WeakMap<object, Checked>();
  let logged = false;
  const check = (env: unknown): Checked => {
    const key = typeof env === 'object' && env !== null ? env : NO_ENV;
    let checked = seen.get(key);
    if (!checked) {
      const { values, problems } = readEnv(schema, key as Record<string, unknown>);
      // The platform's env stays underneath (bindings, other vars); the schema's parsed values lie over it.
      checked = problems.length > 0 ? { error: new EnvError(problems) } : { env: Object.assign(Object.create(key) as object, values) };
      seen.set(key, checked);
    }
    if (checked.error && !logged) {
      logged = true;
      console.error(`[edgepress] ${checked.error.message}`);
    }
    return checked;
  };
  return {
    forRequest(env, request) {
      const checked = check(env);
      if (!checked.error) return { env: checked.env };
      // The development page is dropped from production bundles with the flag.
      const showDev = typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && dev;
      return { response: showDev ? devErrorResponse(request, 'env.schema', checked.error) : plainError(request, 500, 'Internal Server Error') };
    },
    forHandler(env) {
      const checked = check(env);
      if (checked.error) throw checked.error;
      return checked.env;
    },
  };
}

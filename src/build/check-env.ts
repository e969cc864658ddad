/**
 * `edgepress build --check-env`: the site's env schema against the values local development uses
 * (`.dev.vars`, else `.env`, over the wrangler config's `vars`), before anything is built.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { devVars } from '../../adapters/cloudflare/miniflare-options.ts';
import { readSiteWranglerConfig } from '../../adapters/cloudflare/wrangler-config.ts';
import { readEnv, type EnvSchemaSpec } from '../runtime/env/read-env.ts';
import { BuildError } from './build-error.ts';

/** The local env: wrangler `vars`, then `.dev.vars` (or `.env`) over them, as `wrangler dev` reads them. */
export function localEnv(root: string): Record<string, unknown> {
  const { config } = readSiteWranglerConfig(root);
  return { ...((config.vars ?? {}) as Record<string, unknown>), ...devVars(root) };
}

/** Throws a BuildError naming every missing or malformed variable and where it was looked for. */
export function checkEnv(root: string, schema: EnvSchemaSpec): void {
  const { problems } = readEnv(schema, localEnv(root));
  if (problems.length === 0) return;
  const file = ['.dev.vars', '.env'].find((name) => existsSync(join(root, name))) ?? '.dev.vars';
  throw new BuildError(
    file,
    `${problems.map((p) => p.message).join('; ')}. Set ${problems.length === 1 ? 'it' : 'them'} in ${file} (or vars in the wrangler config), or change env.schema in edgepress.config.ts.`,
  );
}

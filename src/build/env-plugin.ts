/**
 * `import { PUBLIC_API_URL } from 'edgepress:env'`: the schema's public variables, their
 * build-time values inlined, for client code (and code shared with the server). Importing a
 * `secret` (or a name the schema lacks) fails the bundle at the import, naming the variable
 * and the fix: secrets stay on the server, read from `ctx.env` per request.
 *
 * The client build (islands) and every server bundle of a site with `env.schema` use this plugin.
 */
import { readFileSync } from 'node:fs';
import type { PartialMessage, Plugin } from 'esbuild';
import { parseSync, type Node } from 'oxc-parser';
import { readEnv, type EnvSchemaSpec } from '../runtime/env/read-env.ts';
import { readSiteWranglerConfig } from '../../adapters/cloudflare/wrangler-config.ts';
import { localEnv } from './check-env.ts';

export const ENV_MODULE = 'edgepress:env';

/** The values public variables take in a build: the wrangler config's vars, `.dev.vars` over them in dev builds only, then the build's process.env. */
export function buildTimeEnv(root: string, dev: boolean): Record<string, unknown> {
  const base = dev ? localEnv(root) : ((readSiteWranglerConfig(root).config.vars ?? {}) as Record<string, unknown>);
  return { ...base, ...process.env };
}

/** The names an importer takes from `edgepress:env`, with where each is written. */
function importedNames(path: string): Array<{ name: string; start: number }> {
  const source = readFileSync(path, 'utf8');
  const lang = /\.[cm]?tsx$/.test(path) ? 'tsx' : /\.[cm]?ts$/.test(path) ? 'ts' : /\.jsx$/.test(path) ? 'jsx' : 'js';
  const { program } = parseSync(path, source, { lang, sourceType: 'module' });
  const names: Array<{ name: string; start: number }> = [];
  for (const statement of program.body as Node[]) {
    if ((statement.type !== 'ImportDeclaration' && statement.type !== 'ExportNamedDeclaration') || statement.source?.value !== ENV_MODULE) continue;
    for (const s of statement.specifiers ?? []) {
      if (s.type === 'ImportSpecifier' || s.type === 'ExportSpecifier') {
        const imported = s.type === 'ImportSpecifier' ? s.imported : s.local;
        names.push({ name: imported.type === 'Identifier' ? imported.name : String(imported.value), start: s.start });
      }
    }
  }
  return names;
}

function location(path: string, start: number): PartialMessage['location'] {
  const source = readFileSync(path, 'utf8');
  const before = source.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n') - 1;
  return { file: path, line, column, lineText: source.split('\n')[line - 1] ?? '' };
}

/** Why `name` cannot come from `edgepress:env` (a secret, or not in the schema), or undefined when it can. */
export function refusedEnvImport(schema: EnvSchemaSpec, name: string): string | undefined {
  const field = schema[name];
  if (!field) return `${name} is not in env.schema (edgepress.config.ts); 'edgepress:env' exports the public variables: ${Object.keys(schema).filter((n) => schema[n]!.access === 'public').join(', ') || 'none'}.`;
  if (field.access === 'secret') {
    return `${name} is a secret (env.schema in edgepress.config.ts), so no bundle may import it: client code would ship it to every visitor. Read it on the server from ctx.env.${name}, or make it access: 'public' if it is not secret.`;
  }
  return undefined;
}

/** The esbuild plugin: resolves `edgepress:env` for `schema` with the build-time `env`, refusing secrets at their import. */
export function envModulePlugin(schema: EnvSchemaSpec, env: Record<string, unknown>): Plugin {
  return {
    name: 'edgepress-env',
    setup(build) {
      build.onResolve({ filter: /^edgepress:env$/ }, (args) => {
        const errors: PartialMessage[] = [];
        if (args.importer && !args.importer.startsWith('<')) {
          try {
            for (const { name, start } of importedNames(args.importer)) {
              const why = refusedEnvImport(schema, name);
              if (why) errors.push({ text: why, location: location(args.importer, start) });
            }
          } catch {
            // An importer esbuild can read but oxc cannot: esbuild reports the missing export itself.
          }
        }
        return errors.length > 0 ? { errors } : { path: ENV_MODULE, namespace: 'edgepress-env' };
      });
      build.onLoad({ filter: /.*/, namespace: 'edgepress-env' }, () => {
        const publicSchema = Object.fromEntries(Object.entries(schema).filter(([, field]) => field.access === 'public'));
        const { values, problems } = readEnv(publicSchema, env);
        if (problems.length > 0) {
          return { errors: problems.map((p): PartialMessage => ({ text: `${p.message}: a public variable is inlined at build time, so set it in the build's environment (or vars in the wrangler config).` })) };
        }
        const lines = Object.entries(values).map(([name, value]) => `export const ${name} = ${JSON.stringify(value) ?? 'undefined'};`);
        return { contents: lines.join('\n') + '\n', loader: 'js' };
      });
    },
  };
}

/** Finds the site's actions module: `actions.ts` (or .js, .mts, .mjs) or `actions/index.ts` at the root. */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BuildError } from '../build-error.ts';

const CANDIDATES = ['ts', 'mts', 'js', 'mjs'].flatMap((ext) => [`actions.${ext}`, `actions/index.${ext}`]);
// `export const actions =` or `export { actions }`: a local binding the build's naming call can read.
const EXPORTS_ACTIONS = /export\s+(?:const|let|var)\s+actions\b|export\s*\{(?:[^}]*,)?\s*actions\s*(?:,[^}]*)?\}/;

/** The absolute path of the site's actions module, or undefined when it has none. */
export function findActions(root: string): string | undefined {
  const found = CANDIDATES.map((name) => join(root, name)).filter((file) => existsSync(file));
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    throw new BuildError(relative(root, found[1]!), `the site has two actions modules (${found.map((f) => relative(root, f)).join(' and ')}); keep one.`);
  }
  const file = found[0]!;
  if (!EXPORTS_ACTIONS.test(readFileSync(file, 'utf8'))) {
    throw new BuildError(relative(root, file), "must export `actions`: `export const actions = { subscribe: defineAction({ ... }) }` (defineAction from 'edgepress/actions').");
  }
  return file;
}

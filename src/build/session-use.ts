/**
 * Whether a server bundle may read `ctx.session`, decided from a parse of every module in it (the
 * site's files and the packages they import; not the framework's own code). `edgepress dev` applies
 * it to each rebuild too, so dev and production agree; it errs towards yes.
 *
 * A module names the session when its code holds the property name `session` in any form:
 * `x.session`, `x?.session`, `x['session']`, `` x[`session`] ``, a destructuring key
 * (`{ session }`, `{ session = d }`, `{ session: s }`, `{ 'session': s }`), or the string
 * `'session'` anywhere (`'session' in x`, `const key = 'session'; x[key]`, `Reflect.get(x, 'session')`).
 * Comments, types and variables that merely are called `session` do not count. A module that
 * cannot be parsed counts as naming it; so does a data file holding the string "session".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { parseSync } from 'oxc-parser';
import { FRAMEWORK_ROOT } from './framework-paths.ts';

const NAME = 'session';
const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

// The framework's own code (a site inside this repository sees it under its root; an installed one under node_modules/edgepress).
const FRAMEWORK_CODE = ['src/', 'adapters/', 'lib/'].map((dir) => join(FRAMEWORK_ROOT, dir));

/** The modules of the bundle other than the framework's own (the site's files and its packages), as absolute paths. */
export function* siteInputs(metafile: Metafile, root: string): Generator<string> {
  for (const input of Object.keys(metafile.inputs)) {
    // Virtual modules (`stdin`, `edgepress:...`) are the framework's entry code.
    if (/^[a-z-]+:/i.test(input)) continue;
    const file = resolve(root, input);
    if (FRAMEWORK_CODE.some((dir) => file.startsWith(dir)) || !existsSync(file)) continue;
    yield file;
  }
}

/** True when some module of the bundle other than the framework's own may read the session. */
export function bundleUsesSessions(metafile: Metafile, root: string): boolean {
  for (const file of siteInputs(metafile, root)) if (namesSession(file, readFileSync(file, 'utf8'))) return true;
  return false;
}

/** True when `source` (the text of `file`) names the `session` property in any of the forms above. */
export function namesSession(file: string, source: string): boolean {
  if (!source.includes(NAME)) return false;
  if (!SCRIPT.test(file)) return /["'`]session["'`]/.test(source);
  const lang = /x$/.test(file) ? (/\.[cm]?tsx$/.test(file) ? 'tsx' : 'jsx') : /\.[cm]?ts$/.test(file) ? 'ts' : 'js';
  const { program, errors } = parseSync(file, source, { lang, sourceType: 'module' });
  if (errors.length > 0) return true;
  return walk(program);
}

/** Depth-first search of an ESTree node for one of the forms. */
function walk(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(walk);
  if (node === null || typeof node !== 'object') return false;
  const n = node as Record<string, unknown> & { type?: string };
  switch (n.type) {
    case 'MemberExpression':
      if (!n.computed && isName(n.property)) return true;
      break;
    case 'Property':
      // In a pattern (destructuring) or an object literal: `{ session }` in a parameter list reads it.
      if (!n.computed && isName(n.key)) return true;
      break;
    case 'Literal':
      return n.value === NAME;
    case 'TemplateLiteral': {
      const quasis = n.quasis as Array<{ value: { cooked: string | null } }>;
      if (quasis.length === 1 && quasis[0]!.value.cooked === NAME) return true;
      break;
    }
    // Types say nothing about what runs.
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
    case 'TSModuleDeclaration':
    case 'TSTypeAnnotation':
    case 'ImportDeclaration':
      return false;
  }
  for (const key in n) {
    if (key !== 'type' && key !== 'start' && key !== 'end' && walk(n[key])) return true;
  }
  return false;
}

function isName(node: unknown): boolean {
  const n = node as { type?: string; name?: string; value?: unknown } | undefined;
  return (n?.type === 'Identifier' && n.name === NAME) || (n?.type === 'Literal' && n.value === NAME);
}

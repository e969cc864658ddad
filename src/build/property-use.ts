/**
 * Which of the optional `ctx` properties (`session`, `cache`, `rewrite`), of the props that need
 * a part of the renderer (`style`, `precedence`, `blocking`) and of its elements (`svg`) a server
 * bundle's code may name, decided from a parse (oxc) of every module in it other than the
 * framework's own (the site's files and the packages they import). The build wires a feature in
 * only when its name is there; `edgepress dev` applies the same rule to sessions. It errs towards yes.
 *
 * A module names a property when its code holds the name in any form: `x.name`, `x?.name`,
 * `x['name']`, `` x[`name`] ``, a destructuring key (`{ name }`, `{ name = d }`, `{ name: s }`,
 * `{ 'name': s }`), a JSX attribute (`<link name="x">`) or element (`<name>`), or the string
 * `'name'` anywhere (`'name' in x`, `const key = 'name'; x[key]`, `Reflect.get(x, 'name')`).
 * Comments, types and variables that merely are called so do not count. `style` is the one
 * exception: a JSX attribute with a string (`style="color: red"`) does not count, as only an
 * object needs the style writer.
 * A module that cannot be parsed names them all; so does a data file holding one as a string.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { parseSync } from 'oxc-parser';
import { FRAMEWORK_ROOT } from './framework-paths.ts';

/** The property names the build looks for. */
export const OPTIONAL_PROPERTIES = ['session', 'cache', 'rewrite', 'style', 'precedence', 'blocking', 'svg'] as const;
export type OptionalProperty = (typeof OPTIONAL_PROPERTIES)[number];

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;

// The framework's own code (a site inside this repository sees it under its root; an installed one under node_modules/edgepress).
const FRAMEWORK_CODE = ['src/', 'adapters/', 'lib/'].map((dir) => join(FRAMEWORK_ROOT, dir));

/**
 * The modules of the bundle that are the site's: its own files, and the packages reached from them
 * (not those only the framework imports, such as an adapter's server library), as absolute paths.
 */
export function* siteInputs(metafile: Metafile, root: string): Generator<string> {
  const framework = (input: string): boolean => {
    // Virtual modules (`stdin`, `edgepress:...`) are the framework's entry code.
    if (/^[a-z-]+:/i.test(input)) return true;
    const file = resolve(root, input);
    return FRAMEWORK_CODE.some((dir) => file.startsWith(dir));
  };
  const queue = Object.keys(metafile.inputs).filter((input) => !framework(input) && !/(?:^|\/)node_modules\//.test(input));
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    const input = queue[i]!;
    const file = resolve(root, input);
    if (existsSync(file)) yield file;
    for (const { path } of metafile.inputs[input]?.imports ?? []) {
      if (seen.has(path) || !(path in metafile.inputs) || framework(path)) continue;
      seen.add(path);
      queue.push(path);
    }
  }
}

/** Per bundle: the answers so far, and each module parsed so far with every name it holds. */
const scans = new WeakMap<Metafile, { answers: Map<OptionalProperty, boolean>; parsed: Map<string, Set<OptionalProperty>> }>();

/**
 * True when some module of the bundle (not the framework's) names one of `names`. A question
 * parses only the modules whose text holds a name it asks (dev asks `session` on every rebuild);
 * a module parsed once is read for every name its text holds, so no later question parses it again.
 */
export function bundleNames(metafile: Metafile, root: string, ...names: OptionalProperty[]): boolean {
  let scan = scans.get(metafile);
  if (!scan) scans.set(metafile, (scan = { answers: new Map(), parsed: new Map() }));
  const { answers, parsed } = scan;
  const open = names.filter((name) => !answers.has(name));
  if (open.length > 0) {
    const seen = new Set<OptionalProperty>();
    for (const file of siteInputs(metafile, root)) {
      let found = parsed.get(file);
      if (!found) {
        const source = readFileSync(file, 'utf8');
        if (!open.some((name) => source.includes(name))) continue;
        parsed.set(file, (found = namedProperties(file, source)));
      }
      for (const name of open) if (found.has(name)) seen.add(name);
      if (seen.size === open.length) break;
    }
    for (const name of open) answers.set(name, seen.has(name));
  }
  return names.some((name) => answers.get(name) === true);
}

/** Which of `asked` `source` (the text of `file`) names, in any of the forms above. */
export function namedProperties(file: string, source: string, asked: readonly OptionalProperty[] = OPTIONAL_PROPERTIES): Set<OptionalProperty> {
  const wanted = new Set(asked.filter((name) => source.includes(name)));
  if (wanted.size === 0) return wanted;
  if (!SCRIPT.test(file)) return new Set([...wanted].filter((name) => new RegExp(`["'\`]${name}["'\`]`).test(source)));
  const lang = /x$/.test(file) ? (/\.[cm]?tsx$/.test(file) ? 'tsx' : 'jsx') : /\.[cm]?ts$/.test(file) ? 'ts' : 'js';
  const { program, errors } = parseSync(file, source, { lang, sourceType: 'module' });
  if (errors.length > 0) return wanted;
  const names = new Set<OptionalProperty>();
  walk(program, wanted, names);
  return names;
}

/** Depth-first search of an ESTree node for the forms, adding each name of `wanted` met to `names`. */
function walk(node: unknown, wanted: ReadonlySet<string>, names: Set<OptionalProperty>): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, wanted, names);
    return;
  }
  if (node === null || typeof node !== 'object' || names.size === wanted.size) return;
  const n = node as Record<string, unknown> & { type?: string };
  switch (n.type) {
    case 'MemberExpression':
      if (!n.computed) add(n.property, wanted, names);
      break;
    case 'Property':
      // In a pattern (destructuring) or an object literal: `{ session }` in a parameter list reads it.
      if (!n.computed) add(n.key, wanted, names);
      break;
    case 'JSXAttribute': {
      const name = n.name as { type: string; name?: string };
      const value = n.value as { type: string; value?: unknown } | null;
      const text = value !== null && value.type === 'Literal' && typeof value.value === 'string';
      if (name.type === 'JSXIdentifier' && wanted.has(name.name!) && !(text && name.name === 'style')) names.add(name.name as OptionalProperty);
      break;
    }
    case 'JSXOpeningElement': {
      const name = n.name as { type: string; name?: string };
      if (name.type === 'JSXIdentifier' && wanted.has(name.name!)) names.add(name.name as OptionalProperty);
      break;
    }
    case 'Literal':
      if (typeof n.value === 'string' && wanted.has(n.value)) names.add(n.value as OptionalProperty);
      return;
    case 'TemplateLiteral': {
      const quasis = n.quasis as Array<{ value: { cooked: string | null } }>;
      const text = quasis.length === 1 ? quasis[0]!.value.cooked : null;
      if (text !== null && wanted.has(text)) names.add(text as OptionalProperty);
      break;
    }
    // Types say nothing about what runs.
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
    case 'TSModuleDeclaration':
    case 'TSTypeAnnotation':
    case 'ImportDeclaration':
      return;
  }
  for (const key in n) {
    if (key !== 'type' && key !== 'start' && key !== 'end') walk(n[key], wanted, names);
  }
}

function add(node: unknown, wanted: ReadonlySet<string>, names: Set<OptionalProperty>): void {
  const n = node as { type?: string; name?: string; value?: unknown } | undefined;
  const name = n?.type === 'Identifier' ? n.name : n?.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined;
  if (name !== undefined && wanted.has(name)) names.add(name as OptionalProperty);
}

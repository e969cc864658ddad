/**
 * Finds the site's server islands: each `defer()` call (imported from 'edgepress') in the site's own
 * files. A call must sit at a module's top level, bound to a const or as the default export, so
 * the module registers it when imported and its id is stable: `<name>-<8 hex>`, from the binding's
 * name and a hash of the file's path. Anything else is a BuildError naming the line and the fix.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parseSync, type Node } from 'oxc-parser';
import { BuildError } from '../build-error.ts';
import { FRAMEWORK_ROOT } from '../framework-paths.ts';

/** One `defer()` call: its island id and where the build writes the id into it. */
export interface IslandCallSite {
  id: string;
  /** Offset in the source where `"id", ` is inserted (before the first argument). */
  insertAt: number;
}

/** The site's islands: calls by absolute file path. */
export type IslandFiles = Map<string, IslandCallSite[]>;

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'test', 'tests', 'public']);
// A site inside this repository (or the framework's own package) must not see the framework's source.
const FRAMEWORK_CODE = ['src', 'adapters', 'lib', 'bench', 'templates'].map((dir) => join(FRAMEWORK_ROOT, dir));

/** Every site file (not node_modules, dist, test, public, dot-folders) that calls `defer()` from 'edgepress'. */
export function findIslands(root: string): IslandFiles {
  const found: IslandFiles = new Map();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name) && !FRAMEWORK_CODE.includes(full)) walk(full);
      } else if (SOURCE.test(entry.name) && !entry.name.startsWith('edgepress.config.')) {
        const source = readFileSync(full, 'utf8');
        if (!source.includes('edgepress') || !/\bdefer\b/.test(source)) continue;
        const calls = deferCalls(source, relative(root, full));
        if (calls.length > 0) found.set(full, calls);
      }
    }
  };
  walk(root);
  checkUnique(found, root);
  return found;
}

/** The island id of the call bound to `name` in `file` (relative to the root). */
export function islandId(file: string, name: string): string {
  const label = (name === 'default' ? basename(file, extname(file)) : name).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'island';
  return `${label}-${createHash('sha256').update(`${file.split('\\').join('/')}#${name}`).digest('hex').slice(0, 8)}`;
}

/** The `defer()` calls of one module (`file` relative to the root, for ids and messages). */
export function deferCalls(source: string, file: string): IslandCallSite[] {
  const lang = file.endsWith('x') ? (file.endsWith('.jsx') ? 'jsx' : 'tsx') : file.endsWith('.ts') || /\.[cm]ts$/.test(file) ? 'ts' : 'js';
  const { program } = parseSync(file, source, { lang, sourceType: 'module' });
  const locals = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.source.value !== 'edgepress') continue;
    for (const spec of statement.specifiers) {
      if (spec.type === 'ImportSpecifier' && spec.imported.type === 'Identifier' && spec.imported.name === 'defer') locals.add(spec.local.name);
    }
  }
  if (locals.size === 0) return [];
  const isDefer = (node: Node | null | undefined): boolean => node?.type === 'CallExpression' && node.callee.type === 'Identifier' && locals.has(node.callee.name);
  // Calls the module evaluates once, at its top level, with a name to make the id from.
  const named = new Map<number, string>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const') {
      for (const d of declaration.declarations) if (d.id.type === 'Identifier' && isDefer(d.init)) named.set(d.init!.start, d.id.name);
    }
    if (statement.type === 'ExportDefaultDeclaration' && isDefer(statement.declaration as Node)) named.set(statement.declaration.start, 'default');
  }
  const calls: IslandCallSite[] = [];
  visit(program, (node) => {
    if (!isDefer(node) || node.type !== 'CallExpression') return;
    const name = named.get(node.start);
    if (name === undefined) {
      const line = source.slice(0, node.start).split('\n').length;
      throw new BuildError(`${file}:${line}`, 'defer() must be called at the top level of the module and bound to a const (`const DeferredCart = defer(Cart, ...)`) or be the default export, so its island has a stable id and is registered when the module loads.');
    }
    const first = node.arguments[0];
    calls.push({ id: islandId(file, name), insertAt: first ? first.start : node.end - 1 });
  });
  return calls;
}

function visit(node: unknown, fn: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, fn);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (typeof (node as { type?: unknown }).type === 'string') fn(node as Node);
  for (const value of Object.values(node)) if (value !== null && typeof value === 'object') visit(value, fn);
}

/** Two calls with one id (the same name in the same file cannot happen; a hash clash could) fail the build. */
function checkUnique(found: IslandFiles, root: string): void {
  const seen = new Map<string, string>();
  for (const [file, calls] of found) {
    for (const { id } of calls) {
      const other = seen.get(id);
      if (other !== undefined) throw new BuildError(relative(root, file), `defines island ${id}, as ${other} does; rename one of the deferred components.`);
      seen.set(id, relative(root, file));
    }
  }
}

/** `source` with each call's id written in: `defer(Cart, …)` becomes `defer("cart-1a2b3c4d", Cart, …)`. */
export function withIslandIds(source: string, calls: IslandCallSite[]): string {
  let out = source;
  for (const call of [...calls].sort((a, b) => b.insertAt - a.insertAt)) {
    const separator = source[call.insertAt] === ')' ? '' : ', ';
    out = out.slice(0, call.insertAt) + JSON.stringify(call.id) + separator + out.slice(call.insertAt);
  }
  return out;
}

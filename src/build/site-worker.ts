/**
 * The site's `worker.ts` (beside edgepress.config.ts): the rest of a Worker beside the pages.
 * Its named exports (Durable Object classes, WorkflowEntrypoints, WorkerEntrypoints) are exported
 * from the built worker; its default export's `scheduled`, `queue`, `email` and `tail` handlers
 * are merged with edgepress's `fetch`. Read statically here, so a bad file fails the build with
 * its line, and an adapter that cannot run it fails naming what it cannot run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync, type Node } from 'oxc-parser';
import { BuildError } from './build-error.ts';

/** The handlers of a Worker's default export that edgepress merges with its own `fetch`. */
export const WORKER_HANDLERS = ['scheduled', 'queue', 'email', 'tail'] as const;
export type WorkerHandler = (typeof WORKER_HANDLERS)[number];

/** What the build knows of the site's worker module. */
export interface SiteWorker {
  /** Absolute path. */
  path: string;
  /** Relative to the root, for messages. */
  file: string;
  /** Named value exports (classes, functions, constants); `*` for an `export * from`. */
  exports: string[];
  /** The handlers its default export defines. */
  handlers: WorkerHandler[];
}

export const SITE_WORKER_NAMES = ['worker.ts', 'worker.mts', 'worker.js', 'worker.mjs'] as const;

/** The site's worker module, read and checked; undefined when the site has none. */
export function findSiteWorker(root: string): SiteWorker | undefined {
  const file = SITE_WORKER_NAMES.find((name) => existsSync(join(root, name)));
  if (!file) return undefined;
  const path = join(root, file);
  return { path, file, ...readSiteWorker(readFileSync(path, 'utf8'), file) };
}

const lineOf = (source: string, offset: number): number => source.slice(0, offset).split('\n').length;

/** Strips `satisfies X`, `as X`, `(...)` and `!` around an expression. */
function unwrap(node: Node | null | undefined): Node | null | undefined {
  let current = node;
  while (current && ['TSSatisfiesExpression', 'TSAsExpression', 'ParenthesizedExpression', 'TSNonNullExpression'].includes(current.type)) {
    current = (current as unknown as { expression: Node }).expression;
  }
  return current;
}

/** The named exports and default handlers of a worker module's source. */
export function readSiteWorker(source: string, file: string): Pick<SiteWorker, 'exports' | 'handlers'> {
  const lang = /\.m?ts$/.test(file) ? 'ts' : 'js';
  const { program, errors } = parseSync(file, source, { lang, sourceType: 'module' });
  if (errors.length > 0) throw new BuildError(file, `line ${lineOf(source, errors[0]!.labels?.[0]?.start ?? 0)}: ${errors[0]!.message}`);
  const exports: string[] = [];
  const consts = new Map<string, Node>();
  let defaultExport: { node: Node; at: number } | undefined;
  let defaultName: { name: string; at: number } | undefined;

  for (const statement of program.body as Node[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) if (d.id.type === 'Identifier' && d.init) consts.set(d.id.name, d.init as Node);
    }
    if (statement.type === 'ExportAllDeclaration') {
      if (statement.exportKind !== 'type') exports.push(statement.exported ? String((statement.exported as { name?: string; value?: string }).name ?? (statement.exported as { value?: string }).value) : '*');
    } else if (statement.type === 'ExportNamedDeclaration') {
      if (statement.exportKind === 'type') continue;
      const d = statement.declaration;
      if (d?.type === 'VariableDeclaration') for (const v of d.declarations) v.id.type === 'Identifier' && exports.push(v.id.name);
      else if ((d?.type === 'ClassDeclaration' || d?.type === 'FunctionDeclaration') && d.id) exports.push(d.id.name);
      for (const s of statement.specifiers) {
        if (s.exportKind === 'type') continue;
        const exported = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
        const local = s.local.type === 'Identifier' ? s.local.name : String(s.local.value);
        if (exported === 'default') defaultName = { name: local, at: s.start };
        else exports.push(exported);
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      defaultExport = { node: statement.declaration as Node, at: statement.start };
    }
  }

  const found = defaultExport ?? (defaultName && { node: { type: 'Identifier', name: defaultName.name, start: defaultName.at } as unknown as Node, at: defaultName.at });
  if (!found) return { exports, handlers: [] };
  let node = unwrap(found.node);
  if (node?.type === 'Identifier') node = unwrap(consts.get(node.name)) ?? node;
  const line = lineOf(source, found.at);
  const shape = 'export default an object of Worker handlers, e.g. `export default { async scheduled(controller, env, ctx) { ... } }`';
  if (node?.type === 'ClassDeclaration' || node?.type === 'ClassExpression') {
    throw new BuildError(file, `line ${line}: the default export is a class; edgepress's fetch is the Worker's default entrypoint, so ${shape} (export a WorkerEntrypoint class by name for RPC).`);
  }
  if (node?.type !== 'ObjectExpression') throw new BuildError(file, `line ${line}: the default export cannot be read at build time; ${shape}.`);
  const handlers: WorkerHandler[] = [];
  for (const property of node.properties) {
    if (property.type !== 'Property' || property.computed) {
      throw new BuildError(file, `line ${lineOf(source, property.start)}: a spread or computed key in the default export cannot be read at build time; name each handler (${WORKER_HANDLERS.join(', ')}).`);
    }
    const key = property.key.type === 'Identifier' ? property.key.name : String((property.key as { value?: unknown }).value);
    const at = `line ${lineOf(source, property.start)}`;
    if (key === 'fetch') {
      throw new BuildError(
        file,
        `${at}: the default export defines fetch, but edgepress answers every request itself. Put request code in routes/_middleware.ts (middleware runs before every route), and keep ${WORKER_HANDLERS.join(', ')} here.`,
      );
    }
    if (!(WORKER_HANDLERS as readonly string[]).includes(key)) {
      throw new BuildError(file, `${at}: '${key}' is not a Worker handler edgepress merges; the default export may define ${WORKER_HANDLERS.join(', ')} (export classes and helpers by name).`);
    }
    handlers.push(key as WorkerHandler);
  }
  return { exports, handlers };
}

/** Fails the build when `adapter` cannot run the site's worker module, naming what it holds and the adapters that can. */
export function checkSiteWorkerAdapter(worker: SiteWorker, adapter: string, supported: boolean): void {
  if (supported) return;
  const parts = [
    ...worker.handlers.map((h) => `${h}()`),
    ...worker.exports.map((name) => (name === '*' ? 'an `export * from`' : name)),
  ];
  const what = parts.length > 0 ? `${parts.join(', ')}` : 'a Worker module';
  throw new BuildError(
    worker.file,
    `holds ${what}, which only Cloudflare Workers run; the adapter '${adapter}' cannot (Durable Objects, workflows, cron, queue, email and tail handlers are Workers features, ` +
      `and edgepress maps none of them to Vercel cron jobs, Netlify scheduled functions or Deno.cron). Set adapter: 'cloudflare' or 'cloudflare-kv' in edgepress.config.ts, or remove ${worker.file}.`,
  );
}

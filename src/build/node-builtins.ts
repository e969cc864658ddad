/**
 * Node builtins in on-demand code. Each adapter says which `node:` modules its runtime provides;
 * those stay imports (as `node:name`), and any other one fails the build with the chain of
 * imports from the route to it and what would fix it.
 */
import type { Metafile, OnResolveArgs, OnResolveResult, Plugin, PluginBuild } from 'esbuild';
import { builtinModules } from 'node:module';
import { relative, sep } from 'node:path';
import { BuildError } from './build-error.ts';

/** What an adapter's runtime offers of Node's builtin modules. */
export interface NodeBuiltins {
  /** The runtime, for messages: 'Cloudflare Workers', 'Vercel Edge'... */
  runtime: string;
  /** The module names it provides (without `node:`), or 'all'. */
  provided: readonly string[] | 'all';
  /** Said after the chain when a module is not provided, given its name. */
  hint?: (name: string) => string;
}

/** Modules workerd implements (fully or in part) with the nodejs_compat flag; not the import-only stubs. */
export const WORKERD_NODE_MODULES: readonly string[] = [
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'console', 'constants', 'crypto', 'diagnostics_channel', 'dns',
  'dns/promises', 'events', 'fs', 'fs/promises', 'http', 'https', 'module', 'net', 'os', 'path', 'path/posix',
  'path/win32', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'readline/promises', 'stream',
  'stream/consumers', 'stream/promises', 'stream/web', 'string_decoder', 'timers', 'timers/promises', 'tls', 'tty',
  'url', 'util', 'util/types', 'worker_threads', 'zlib',
];

const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** Matches `node:anything` and the bare builtin names (with a subpath): what `builtinName` may accept. */
export const BUILTIN_SPECIFIER = new RegExp(`^(node:.+|(${[...BUILTINS].map((name) => name.replace(/[/.]/g, (c) => `\\${c}`)).join('|')})(/.*)?)$`);

/** `name` without its `node:` prefix when it names a Node builtin, else undefined. */
export function builtinName(specifier: string): string | undefined {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return BUILTINS.has(name) || (specifier.startsWith('node:') && BUILTINS.has(name.split('/')[0]!)) ? name : undefined;
}

/**
 * Calls `handle` for each import of a Node builtin (`fs`, `node:fs`) in `build`, except a bare name
 * that resolves otherwise: a package's "browser" field, or an installed package of that name
 * (a polyfill such as 'events'), wins. `marker` tells this plugin's own resolve calls apart.
 */
export function onBuiltin(build: PluginBuild, marker: string, handle: (name: string, args: OnResolveArgs) => OnResolveResult): void {
  // Only builtin names reach JS: a callback for every package import made each dev rebuild slower.
  build.onResolve({ filter: BUILTIN_SPECIFIER }, async (args) => {
    if (args.pluginData === marker) return undefined;
    const name = builtinName(args.path);
    if (name === undefined) return undefined;
    if (!args.path.startsWith('node:')) {
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: marker });
      if (resolved.errors.length === 0) return resolved;
    }
    return handle(name, args);
  });
}

interface Refused {
  name: string;
  importer: string;
}

/**
 * The esbuild plugin: provided builtins become external `node:` imports; the others are
 * recorded in `refused` (importer as a metafile path: relative to `root`, forward slashes).
 */
export function nodeBuiltinsPlugin(policy: NodeBuiltins, refused: Refused[], root: string): Plugin {
  const provides = (name: string): boolean => policy.provided === 'all' || policy.provided.includes(name);
  return {
    name: 'edgepress-node-builtins',
    setup(build) {
      onBuiltin(build, 'edgepress-node-builtins', (name, args) => {
        if (!provides(name)) refused.push({ name, importer: relative(root, args.importer).split(sep).join('/') });
        return { path: `node:${name}`, external: true };
      });
    },
  };
}

/** The shortest chain of imports from one of `entries` to `target`, as metafile paths. */
export function importChain(metafile: Metafile, entries: string[], target: string): string[] {
  const previous = new Map<string, string | undefined>(entries.map((e) => [e, undefined]));
  const queue = entries.filter((e) => metafile.inputs[e]);
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (file === target) {
      const chain = [file];
      for (let step = previous.get(file); step !== undefined; step = previous.get(step)) chain.unshift(step);
      return chain;
    }
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.external || previous.has(imported.path)) continue;
      previous.set(imported.path, file);
      queue.push(imported.path);
    }
  }
  return [target];
}

/**
 * Throws a BuildError for the first refused builtin: the route that reaches it, the chain,
 * and the fix. `entries` are the route files as esbuild names them (relative to the site root).
 */
export function failOnRefused(refused: Refused[], metafile: Metafile, entries: string[], policy: NodeBuiltins): void {
  const first = refused[0];
  if (!first) return;
  const chain = importChain(metafile, entries, first.importer);
  const others = [...new Set(refused.slice(1).map((r) => `node:${r.name}`))].filter((n) => n !== `node:${first.name}`);
  const fix =
    policy.hint?.(first.name) ??
    `Use a Web API instead, or move the work to build time (a prerendered route may use any Node module).`;
  throw new BuildError(
    chain[0]!,
    `imports node:${first.name}, which ${policy.runtime} does not provide: ${[...chain, `node:${first.name}`].join(' -> ')}. ${fix}` +
      (others.length > 0 ? ` (also imported: ${others.join(', ')})` : ''),
  );
}

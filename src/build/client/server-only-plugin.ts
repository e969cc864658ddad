/**
 * Keeps server-only code out of the browser: while the client islands are bundled, an import of a
 * Node builtin, of `edgepress` (usePage, ctx, the session), of a `cloudflare:` module (bindings,
 * secrets) or of a `*.server.*` file is recorded, and the build then fails with the chain of
 * imports from the island to it.
 */
import type { Metafile, Plugin } from 'esbuild';
import { relative, sep } from 'node:path';
import { BuildError } from '../build-error.ts';
import { importChain, onBuiltin } from '../node-builtins.ts';

/** A server-only import the client graph made. */
export interface ServerOnlyImport {
  /** What was imported ('node:fs', 'edgepress', 'lib/db.server.ts'). */
  name: string;
  /** The importing file, as a metafile path (relative to the root). */
  importer: string;
}

const SERVER_FILE = /\.server(?:\.[cm]?[jt]sx?)?$/;

function why(name: string): string {
  if (name.startsWith('node:')) return 'a Node builtin, which browsers do not have';
  if (name.startsWith('cloudflare:')) return "a Workers module (the platform's bindings and secrets)";
  if (name.startsWith('edgepress')) return 'the server framework (usePage, ctx, the session)';
  return 'a .server file, kept to the server by its name';
}

/** The esbuild plugin: server-only imports become externals recorded in `found`. */
export function serverOnlyPlugin(root: string, found: ServerOnlyImport[]): Plugin {
  const record = (name: string, importer: string): { path: string; external: true } => {
    found.push({ name, importer: relative(root, importer).split(sep).join('/') });
    return { path: name, external: true };
  };
  return {
    name: 'edgepress-server-only',
    setup(build) {
      // edgepress/actions is the exception: its errors (ActionError, isInputError) are client code.
      build.onResolve({ filter: /^(?:edgepress(?:\/.*)?|cloudflare:.*)$/ }, (args) => (args.path === 'edgepress/actions' ? undefined : record(args.path, args.importer)));
      onBuiltin(build, 'edgepress-server-only-builtin', (name, args) => record(`node:${name}`, args.importer));
      build.onResolve({ filter: SERVER_FILE }, async (args) => {
        if (args.pluginData === 'edgepress-server-only') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'edgepress-server-only' });
        if (resolved.errors.length > 0) return resolved;
        return record(relative(root, resolved.path).split(sep).join('/'), args.importer);
      });
    },
  };
}

/** Throws a BuildError for the first server-only import: the island, the chain, the fix. */
export function failOnServerOnly(found: ServerOnlyImport[], metafile: Metafile, islands: string[]): void {
  const first = found[0];
  if (!first) return;
  const chain = importChain(metafile, islands, first.importer);
  throw new BuildError(
    chain[0]!,
    `is a client island, and its code reaches ${first.name}, ${why(first.name)}: ${[...chain, first.name].join(' -> ')}. ` +
      'Island code runs in the browser: read server data in the page and pass it as props, or move that import out of the island.',
  );
}

/**
 * The dev bundle as the body of an async function, which workerd's UnsafeEval can evaluate in a
 * running worker (it has no ES module evaluation). esbuild makes all of it but two things: the
 * platform's own modules (`node:*` that the runtime provides, `cloudflare:*`) become CommonJS
 * stand-ins that read `__edgepress_import(name)` (a parameter the runner passes), so no `import`
 * statement is left; and the closing `export { ... }` becomes a `return`. Top-level `await`
 * works (the body is async); `import.meta` does not exist there.
 */
import type { Metafile, Plugin } from 'esbuild';
import { BUILTIN_SPECIFIER, builtinName } from '../build/node-builtins.ts';

const NAMESPACE = 'edgepress-platform';
/** The platform's own modules: `cloudflare:*` and Node builtins (`node:*`, bare names). */
export const PLATFORM_SPECIFIER = new RegExp(`^cloudflare:|${BUILTIN_SPECIFIER.source}`);

/** Resolves imports of platform modules to stand-ins (after the other plugins decided they stay external). */
export function platformModulesPlugin(): Plugin {
  return {
    name: 'edgepress-dev-platform-modules',
    setup(build) {
      build.onResolve({ filter: PLATFORM_SPECIFIER }, async (args) => {
        // Asked by itself, or by the node builtins plugin resolving a bare name: not again.
        if (args.pluginData === NAMESPACE || args.pluginData === 'edgepress-node-builtins') return undefined;
        if (args.path.startsWith('cloudflare:')) return { path: args.path, namespace: NAMESPACE };
        if (builtinName(args.path) === undefined) return undefined;
        // Where the rest of the build sends it (the node builtins policy, a package's browser field).
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: NAMESPACE });
        if (resolved.errors.length > 0 || !resolved.external) return resolved.errors.length > 0 ? { errors: resolved.errors } : resolved;
        return { path: resolved.path, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => standIn(args.path));
    },
  };
}

/**
 * The module standing for `name`, whose exports the runner hands to the code
 * (`__edgepress_import(name)`: an object marked `__esModule`). An ES module re-exporting a
 * CommonJS read of it (a `data:` module, which esbuild bundles without asking a plugin): imported
 * as CommonJS directly, a default import in a `"type": "module"` package (every site
 * `edgepress new` makes) would get the whole object instead of its default export.
 */
export function standIn(name: string): { contents: string; loader: 'js' } {
  const read = JSON.stringify(`data:text/javascript,${encodeURIComponent(`module.exports = __edgepress_import(${JSON.stringify(name)});`)}`);
  return { contents: `import * as m from ${read};\nexport * from ${read};\nexport default m.default;\n`, loader: 'js' };
}

/** The names of the modules a bundle loaded in `namespace`, from its metafile. */
export function modulesIn(metafile: Metafile, namespace: string): string[] {
  const prefix = `${namespace}:`;
  return Object.keys(metafile.inputs)
    .filter((input) => input.startsWith(prefix))
    .map((input) => input.slice(prefix.length));
}

/** The platform modules a bundle asks for, from its metafile. */
export function platformModulesOf(metafile: Metafile): string[] {
  return modulesIn(metafile, NAMESPACE);
}

// esbuild ends an ES module bundle with one `export { a as default, B };` (then the source map comment).
const CLOSING_EXPORT = /\nexport\s*\{([^}]*)\};?\s*(\/\/# sourceMappingURL=[^\n]*\s*)?$/;

/** `code` (an esbuild ES module bundle with no imports left) as an async function body returning its exports. */
export function asFunctionBody(code: string): string {
  const match = CLOSING_EXPORT.exec(code);
  if (!match) {
    if (/^\s*(import|export)\b/m.test(code)) throw new Error('the dev bundle has an import or export statement the dev runtime cannot evaluate');
    return `${code}\nreturn {};\n`;
  }
  const fields = match[1]!
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [local, exported = local] = item.split(/\s+as\s+/);
      return `${JSON.stringify(exported)}: ${local}`;
    });
  // Same line count before the return: the source map still points at the right lines.
  return `${code.slice(0, match.index)}\nreturn { ${fields.join(', ')} };\n${match[2] ?? ''}`;
}

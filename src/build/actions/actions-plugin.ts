/**
 * The site's actions module in a bundle. Server bundles load it as written, with one call
 * appended that names each action by its key (so `action={actions.subscribe}` renders
 * `?_action=subscribe`). Client bundles get stubs in its place: the handlers, their imports and
 * secrets never reach the browser, and each stub posts to `{base}_actions/<name>`.
 */
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, extname, relative } from 'node:path';
import { frameworkModule } from '../framework-paths.ts';

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js' } as const;

function exactPath(file: string): RegExp {
  return new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** Server side: the module as written, plus `nameActions(actions)`. Put it before other onLoad plugins. */
export function actionsServerPlugin(root: string, file: string): Plugin {
  return {
    name: 'edgepress-actions',
    setup(build) {
      build.onLoad({ filter: exactPath(file), namespace: 'file' }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        const naming = `\nimport { nameActions as __edgepressNameActions } from ${JSON.stringify(frameworkModule('src/runtime/actions/define'))};\n` +
          `__edgepressNameActions(actions, ${JSON.stringify(relative(root, file))});\n`;
        return { contents: text + naming, loader: LOADERS[extname(args.path) as keyof typeof LOADERS] ?? 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** The source that stands for the actions module in client code: typed by the real module, calling `{base}_actions/<name>`. */
export function actionsClientSource(base: string): string {
  return `import { clientActions } from ${JSON.stringify(frameworkModule('src/runtime/actions/client'))};
export const actions = clientActions(${JSON.stringify(base)});
`;
}

/**
 * Client side (the client islands' esbuild build): the actions module replaced by stubs, and
 * `edgepress/actions` by its browser part (ActionError, isInputError, isActionError).
 */
export function actionsClientPlugin(file: string, base: string): Plugin {
  return {
    name: 'edgepress-actions-client',
    setup(build) {
      build.onResolve({ filter: /^edgepress\/actions$/ }, () => ({ path: frameworkModule('src/runtime/actions/action-error') }));
      build.onLoad({ filter: exactPath(file), namespace: 'file' }, () => ({ contents: actionsClientSource(base), loader: 'js', resolveDir: dirname(file) }));
    },
  };
}

/**
 * The server side of client islands: when the server graph (prerender, server bundle, dev) loads
 * an island module, it gets a wrapper instead whose exports are the module's components wrapped
 * by `clientIsland()`, which render them for hydration. The wrapper imports the module itself
 * with a suffix, so the original code still loads (and goes through the other plugins).
 */
import type { Plugin } from 'esbuild';
import { dirname } from 'node:path';
import type { ClientIslandModule } from '../../runtime/client-islands/island.ts';
import { frameworkModule } from '../framework-paths.ts';
import type { IslandModule } from './island-modules.ts';

const SOURCE = '?edgepress-island-source';

/** What the server bundle knows of the client islands: each module and its browser build. */
export interface ClientIslandsWiring {
  modules: IslandModule[];
  /** By absolute path, from the client build. */
  built: Map<string, ClientIslandModule>;
}

/** The wrapper module of `island`. */
export function wrapperSource(island: IslandModule, built: ClientIslandModule): string {
  const lines = [
    `import * as m from ${JSON.stringify(island.path + SOURCE)};`,
    `import { clientIsland } from ${JSON.stringify(frameworkModule('src/runtime/client-islands/island'))};`,
    `const i = ${JSON.stringify(built)};`,
  ];
  for (const name of island.exports) {
    const value = `clientIsland(i, ${JSON.stringify(name)}, m[${JSON.stringify(name)}])`;
    lines.push(name === 'default' ? `export default ${value};` : `export const ${name} = ${value};`);
  }
  return lines.join('\n') + '\n';
}

/** The esbuild plugin that gives the server graph the wrappers of the site's island modules. */
export function wrapIslandsPlugin(wiring: ClientIslandsWiring): Plugin {
  const byPath = new Map(wiring.modules.map((island) => [island.path, island]));
  return {
    name: 'edgepress-client-islands',
    setup(build) {
      if (byPath.size === 0) return;
      // The island modules' own paths only: esbuild asks this plugin for no other file (a rebuild calls onLoad again for every file it matches).
      const filter = new RegExp(`^(${[...byPath.keys()].map((path) => path.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|')})$`);
      build.onLoad({ filter, namespace: 'file' }, (args) => {
        const island = byPath.get(args.path);
        const built = wiring.built.get(args.path);
        if (!island || !built || args.suffix === SOURCE) return undefined;
        return { contents: wrapperSource(island, built), loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

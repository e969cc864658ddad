/**
 * The site's client islands: every module under `islands/` (not `_`-prefixed files or folders)
 * and its exported names. Each exported function is an island component.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseSync } from 'oxc-parser';
import { BuildError } from '../build-error.ts';

/** One island module: where it is and what it exports. */
export interface IslandModule {
  /** Absolute path. */
  path: string;
  /** Path from the site root with forward slashes ('islands/counter.tsx'). */
  file: string;
  /** Value exports ('default' included); type-only exports are left out. */
  exports: string[];
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The folder island modules live in. */
export const ISLANDS_DIR = 'islands';

/** Every island module of the site at `root`, sorted by file (none without an `islands/` folder). */
export function findIslandModules(root: string): IslandModule[] {
  const dir = join(root, ISLANDS_DIR);
  if (!existsSync(dir)) return [];
  const found: IslandModule[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') && !/\.test\.[jt]sx?$/.test(entry.name)) {
        const file = relative(root, full).split(sep).join('/');
        found.push({ path: full, file, exports: moduleExports(readFileSync(full, 'utf8'), file) });
      }
    }
  };
  walk(dir);
  return found.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** The value exports of an island module's `source`. */
export function moduleExports(source: string, file: string): string[] {
  const lang = file.endsWith('.tsx') ? 'tsx' : file.endsWith('.jsx') ? 'jsx' : /\.[cm]?ts$/.test(file) ? 'ts' : 'js';
  const { module, errors } = parseSync(file, source, { lang, sourceType: 'module' });
  if (errors.length > 0) return []; // esbuild reports the syntax error with its location
  const names: string[] = [];
  for (const statement of module.staticExports) {
    for (const entry of statement.entries) {
      if (entry.isType) continue;
      if (entry.exportName.kind === 'Default') names.push('default');
      else if (entry.exportName.kind === 'Name' && entry.exportName.name) names.push(entry.exportName.name);
      else throw new BuildError(file, '`export * from` cannot be used in an island module: the build must know each island by name. Export each component by name (`export { Menu } from ...`).');
    }
  }
  return names;
}

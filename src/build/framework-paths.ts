/**
 * Where the framework lives on disk. In this repository it runs as TypeScript source
 * (`src/`, `adapters/` through tsx); installed from npm it runs compiled (`lib/src/`,
 * `lib/adapters/`). Paths are written once, without an extension, and resolved here.
 */
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** '.ts' when running from source, '.js' when running compiled. */
export const MODULE_EXT = fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js';
const COMPILED = MODULE_EXT === '.js';

/** The package folder (the one with package.json). */
export const FRAMEWORK_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), COMPILED ? '../../..' : '../..');
/** The folder holding `src/` and `adapters/` as they run. */
const CODE_ROOT = COMPILED ? join(FRAMEWORK_ROOT, 'lib') : FRAMEWORK_ROOT;
export const FRAMEWORK_NODE_MODULES = join(FRAMEWORK_ROOT, 'node_modules');

/** A framework module by its source path without extension, e.g. `frameworkModule('src/runtime/handler')`. */
export function frameworkModule(path: string): string {
  return join(CODE_ROOT, path + MODULE_EXT);
}

/** The folders of the framework's own code as it runs (`src/`, `adapters/` here; `lib/` installed), each ending in a separator. */
export const FRAMEWORK_CODE_DIRS = ['src', 'adapters', 'lib'].map((dir) => join(FRAMEWORK_ROOT, dir) + sep);

/** True when `file` (absolute) is the framework's own code, not the site's (a site inside this repository sees it under its root). */
export function isFrameworkCode(file: string): boolean {
  return FRAMEWORK_CODE_DIRS.some((dir) => file.startsWith(dir));
}

/** A module beside `importMetaUrl`'s file, e.g. `siblingModule(import.meta.url, 'entry')`. */
export function siblingModule(importMetaUrl: string, name: string): string {
  return join(dirname(fileURLToPath(importMetaUrl)), name + MODULE_EXT);
}

/** What `import 'edgepress'` means in a site bundle. */
export const FRAMEWORK_ENTRY = frameworkModule('src/index');

/** A file shipped as is (templates, package.json), from the package folder. */
export function frameworkPath(...parts: string[]): string {
  return join(FRAMEWORK_ROOT, ...parts);
}

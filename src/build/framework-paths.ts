/** Where the framework lives on disk, so a site anywhere can import it without an install. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FRAMEWORK_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FRAMEWORK_ENTRY = join(FRAMEWORK_ROOT, 'src/index.ts');
export const FRAMEWORK_NODE_MODULES = join(FRAMEWORK_ROOT, 'node_modules');

/** A path from the framework root. */
export function frameworkPath(...parts: string[]): string {
  return join(FRAMEWORK_ROOT, ...parts);
}

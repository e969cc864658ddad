/**
 * Packages a site brings itself (wrangler, deno, bun, edge-runtime): found in the site's
 * node_modules (or any folder above it, or the framework's), never assumed. A missing one is
 * a MissingPeerError that names the package and the command that adds it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { FRAMEWORK_ROOT } from './framework-paths.ts';

/** A package the site must install for what it asked to do. */
export class MissingPeerError extends Error {
  override name = 'MissingPeerError';
  constructor(
    readonly packageName: string,
    purpose: string,
  ) {
    super(`${purpose} needs the package '${packageName}', which is not installed in this project. Add it with: npm install -D ${packageName}`);
  }
}

function* ancestors(dir: string): Generator<string> {
  for (let current = dir; ; current = dirname(current)) {
    yield current;
    if (dirname(current) === current) return;
  }
}

/** The folder of `name` as Node would find it from `root`, then from the framework; undefined when absent. */
export function findPackage(root: string, name: string): string | undefined {
  for (const start of [root, FRAMEWORK_ROOT]) {
    for (const dir of ancestors(start)) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
  }
  return undefined;
}

/** The executable `bin` of package `name`: from node_modules, else (for runtimes like deno) from PATH. */
export function peerBin(root: string, name: string, bin: string, purpose: string): string {
  const dir = findPackage(root, name);
  if (dir) {
    const link = join(dir, '..', '.bin', bin);
    if (existsSync(link)) return link;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
    const file = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.[bin];
    if (file && existsSync(join(dir, file))) return join(dir, file);
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, bin))) return join(dir, bin);
  }
  throw new MissingPeerError(name, purpose);
}

/**
 * Runs `load` (an `import()` of a module that imports package `name`) and turns "not installed"
 * into a MissingPeerError naming `install` (the package that brings `name`, default `name`).
 */
export async function importPeer<T>(peer: { name: string; install?: string; purpose: string }, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if ((e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && e.message.includes(`'${peer.name}'`)) {
      throw new MissingPeerError(peer.install ?? peer.name, peer.purpose);
    }
    throw error;
  }
}

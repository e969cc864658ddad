/** Builds a fixture site in a scratch copy, so tests can run side by side. */
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, type BuildOptions, type BuildResult } from '../../src/build/build-site.ts';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const TMP = join(REPO, 'test/.tmp');

/** A copy of `test/fixtures/<name>` (or an empty folder) with extra files written over it. */
export function makeSite(name: string | null, files: Record<string, string> = {}): string {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, `${name ?? 'site'}-`));
  if (name) cpSync(join(REPO, 'test/fixtures', name), dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Builds a site quietly. */
export function build(root: string, options: Omit<BuildOptions, 'root'> = {}): Promise<BuildResult> {
  return buildSite({ root, quiet: true, ...options });
}

/** Removes a scratch site. */
export function removeSite(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A site of `files` in the system's temp folder: beside the framework, not inside it, as a user's
 * site is. `roots` collects it for the caller's afterAll to remove.
 */
export function outsideSite(prefix: string, files: Record<string, string>, roots: string[]): string {
  const root = mkdtempSync(join(tmpdir(), `edgepress-${prefix}-`));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Runs `fn` with `vars` in process.env (undefined: removed), restoring the previous values after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(previous);
  }
}

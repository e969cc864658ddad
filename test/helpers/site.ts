/** Builds a fixture site in a scratch copy, so tests can run side by side. */
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
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

/**
 * For one test file: a maker of sites in the system's temp folder (beside the framework, not
 * inside it), each with `files` written in it, all removed after the file's tests.
 */
export function outsideSites(prefix: string): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeSite));
  return (files) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  };
}

/** Builds a site quietly. */
export function build(root: string, options: Omit<BuildOptions, 'root'> = {}): Promise<BuildResult> {
  return buildSite({ root, quiet: true, ...options });
}

/** Removes a scratch site. */
export function removeSite(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Loads `edgepress.config.ts` (bundled with esbuild, then imported) and checks it. */
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidConfigError, resolveConfig, type ResolvedConfig } from '../config.ts';
import { BuildError } from './build-error.ts';
import { siteBundleOptions, toBuildError } from './esbuild-options.ts';

/** The config file names, in the order they are looked for. */
export const CONFIG_NAMES = ['edgepress.config.ts', 'edgepress.config.mts', 'edgepress.config.js', 'edgepress.config.mjs'];

/** The site's resolved config; all defaults when it has no config file. */
export async function loadConfig(root: string, tmpDir: string): Promise<{ config: ResolvedConfig; file?: string }> {
  const file = CONFIG_NAMES.find((name) => existsSync(join(root, name)));
  if (!file) return { config: resolveConfig({}) };
  mkdirSync(tmpDir, { recursive: true });
  const outfile = join(tmpDir, `config-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  try {
    await build({ ...siteBundleOptions(root), entryPoints: [join(root, file)], outfile, platform: 'node' });
  } catch (error) {
    throw toBuildError(error, root);
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(outfile).href)) as { default?: unknown };
  } catch (error) {
    throw new BuildError(file, `failed to load: ${(error as Error).message}`);
  }
  try {
    return { config: resolveConfig(mod.default), file };
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new BuildError(file, error.message.replace(/^edgepress\.config\.ts: /, ''));
    throw error;
  }
}

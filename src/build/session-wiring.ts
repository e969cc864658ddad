/**
 * Sessions at build time: which driver a bundle gets, and whether it needs one at all. A bundle
 * gets session code (and a Cloudflare site a KV binding) only when some module in it other than
 * the framework's names the `session` property (session-use.ts).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { AdapterName, ResolvedConfig } from '../config.ts';
import { defaultSession } from '../config-security.ts';
import { BuildError } from './build-error.ts';
import { frameworkModule } from './framework-paths.ts';

export { bundleUsesSessions } from './session-use.ts';

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

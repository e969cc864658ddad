/** `edgepress dev` on a site, as a user runs it (the CLI in a process group of its own). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { REPO, removeSite } from './site.ts';
import { freePort } from '../../src/cli/free-port.ts';

/** A port nothing listens on right now. */
export { freePort };

export interface DevServer {
  origin: string;
  /** Everything the dev server printed so far. */
  output(): string;
  /** Stops the dev server and every process it started. */
  stop(): Promise<void>;
}

/**
 * Starts `edgepress dev --root root` (with `env` over this process's environment; undefined
 * removes a variable) and waits (up to 60 s) until it says where it listens. The
 * port is free when picked, but another process may take it before the dev server listens: then
 * it starts again on a new one (twice at most).
 */
export async function startDevServer(root: string, env: Record<string, string | undefined> = {}): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(root, await freePort(), env);
    } catch (error) {
      if (attempt === 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(root: string, port: number, extra: Record<string, string | undefined>): Promise<DevServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1', ...extra };
  // undefined: not set at all.
  for (const [name, value] of Object.entries(extra)) if (value === undefined) delete env[name];
  const dev: ChildProcess = spawn(process.execPath, [join(REPO, 'bin/edgepress.js'), 'dev', '--root', root, '--port', String(port)], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout!.on('data', (d: Buffer) => (output += d));
  dev.stderr!.on('data', (d: Buffer) => (output += d));
  const stop = async (): Promise<void> => {
    if (!dev.pid || dev.exitCode !== null) return;
    const exited = new Promise((resolve) => dev.once('exit', resolve));
    process.kill(-dev.pid, 'SIGTERM');
    await exited;
  };
  for (let i = 0; i < 600 && !/edgepress dev: http/.test(output) && dev.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
  if (!/edgepress dev: http/.test(output)) {
    await stop();
    if (new RegExp(`EADDRINUSE.*:${port}\\b`).test(output)) throw new PortTakenError(`port ${port} was taken`);
    throw new Error(`edgepress dev did not start within 60 s; it printed:\n${output}`);
  }
  return { origin: `http://127.0.0.1:${port}`, output: () => output, stop };
}

/** One `edgepress dev` per test file: the site made and started in beforeAll, stopped and removed in afterAll. */
export interface DevSite {
  root: string;
  dev: DevServer;
}

/** Registers the hooks; the returned object is filled before the first test runs. */
export function devSite(makeRoot: () => string): DevSite {
  const state = {} as DevSite;
  beforeAll(async () => {
    state.root = makeRoot();
    state.dev = await startDevServer(state.root);
  }, 90_000);
  afterAll(async () => {
    await state.dev?.stop();
    if (state.root) removeSite(state.root);
  });
  return state;
}

/** `edgepress dev` on a site, as a user runs it (the CLI in a process group of its own). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './site.ts';
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

/** Starts `edgepress dev --root root` and waits (up to 60 s) until it says where it listens. */
export async function startDevServer(root: string): Promise<DevServer> {
  const port = await freePort();
  const dev: ChildProcess = spawn(process.execPath, [join(REPO, 'bin/edgepress.js'), 'dev', '--root', root, '--port', String(port)], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
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
  for (let i = 0; i < 600 && !/edgepress dev: http/.test(output); i++) await new Promise((r) => setTimeout(r, 100));
  if (!/edgepress dev: http/.test(output)) {
    await stop();
    throw new Error(`edgepress dev did not start within 60 s; it printed:\n${output}`);
  }
  return { origin: `http://127.0.0.1:${port}`, output: () => output, stop };
}

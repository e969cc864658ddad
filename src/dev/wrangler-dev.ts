/**
 * `wrangler dev` behind the dev server, on a port of its own: started, watched for
 * "ready" and "updated" lines, restarted when bindings change, and stopped with its whole
 * process group (it leaves workerd children otherwise).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../cli/free-port.ts';

export interface WranglerDevOptions {
  root: string;
  /** The wrangler executable. */
  bin: string;
  persistTo: string;
  host: string;
  /** Where wrangler's output goes (default: this process's stdout). */
  output?: (text: string) => void;
}

/** Environment for wrangler commands: no metrics prompt, no login. */
export function wranglerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '' };
}


const READY = /Ready on (http:\/\/\S+)/;
const RELOADING = /Reloading local server/;
const UPDATED = /Local server updated and ready/;

export class WranglerDev {
  private child: ChildProcess | undefined;
  private ready: string | undefined;
  /** Called on the next "updated and ready" that follows a "reloading" seen after the call. */
  private waiters: Array<{ armed: boolean; done: () => void }> = [];

  constructor(private readonly options: WranglerDevOptions) {}

  /** The worker's origin while wrangler is up. */
  get url(): string | undefined {
    return this.ready;
  }

  /** Starts wrangler dev on a free port; resolves when it serves. */
  async start(): Promise<void> {
    const { root, host } = this.options;
    const port = await freePort(host);
    const args = ['dev', '-c', join(root, 'dist/server/wrangler.json'), '--no-bundle', '--ip', host, '--port', String(port)];
    args.push('--persist-to', this.options.persistTo, '--show-interactive-dev-session=false');
    // Local secrets live beside the site's wrangler config, not beside the generated one.
    for (const name of ['.dev.vars', '.env']) {
      if (existsSync(join(root, name))) {
        args.push('--env-file', join(root, name));
        break;
      }
    }
    const child = spawn(this.options.bin, args, { cwd: root, env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    // Never leave wrangler and its workerd behind, even when this process ends without stop().
    const onParentExit = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Gone.
      }
    };
    process.once('exit', onParentExit);
    child.once('exit', () => process.removeListener('exit', onParentExit));
    const output = this.options.output ?? ((text: string) => process.stdout.write(text));
    let started!: () => void;
    let failed!: (error: Error) => void;
    const up = new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject)));
    let log = '';
    const onData = (data: Buffer): void => {
      const text = data.toString();
      log = (log + text).slice(-4_000);
      const ready = READY.exec(text);
      if (ready) {
        this.ready = ready[1]!.replace(/\/$/, '');
        started();
      }
      if (RELOADING.test(text)) for (const waiter of this.waiters) waiter.armed = true;
      if (UPDATED.test(text)) this.flush(false);
      // Our own server is the one to open; wrangler's port is internal.
      output(text.replace(/^.*Ready on http:\/\/\S+.*\n?/m, ''));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      if (this.child === child) {
        this.child = undefined;
        this.ready = undefined;
      }
      failed(new Error(`wrangler dev exited (code ${code}) before it was ready:\n${log}`));
      this.flush(true);
    });
    await up;
  }

  /** Resolves once wrangler has reloaded the worker after a change made after this call (or after `timeoutMs`). */
  reloaded(timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push({
        armed: false,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Resolves the waiters whose reload has finished (all of them when wrangler is gone). */
  private flush(all: boolean): void {
    const finished = this.waiters.filter((w) => all || w.armed);
    this.waiters = this.waiters.filter((w) => !finished.includes(w));
    for (const waiter of finished) waiter.done();
  }

  /** Stops wrangler and every process it started. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    this.child = undefined;
    this.ready = undefined;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Gone.
      }
    }, 3_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

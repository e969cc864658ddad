/**
 * Runs a built server in its own runtime process for `edgepress preview`:
 * waits for its "listening on <url>" line, and stops the whole process group on close.
 */
import { spawn } from 'node:child_process';
import type { PreviewServer } from '../build/adapter.ts';

export interface SpawnServerOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Where the server's output goes (default: this process's stdout/stderr). */
  onOutput?: (text: string) => void;
  /** How long to wait for the listening line (default 30 s). */
  timeoutMs?: number;
}

/** The line every edgepress server entry prints once it accepts connections. */
const LISTENING = /listening on (http:\/\/[^\s]+)/;

/** Starts `command args` in a new process group and resolves once it listens. */
export function spawnServer(command: string, args: string[], options: SpawnServerOptions): Promise<PreviewServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = options.onOutput ?? ((text: string) => process.stdout.write(text));
  let log = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  // Never leave a runtime behind, even when the parent dies without calling close().
  const onParentExit = (): void => killGroup('SIGKILL');
  process.once('exit', onParentExit);

  const close = async (): Promise<void> => {
    process.removeListener('exit', onParentExit);
    if (!exited) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    }
    killGroup('SIGKILL'); // anything the runtime itself started
  };

  return new Promise<PreviewServer>((resolve, reject) => {
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      void close().then(() => reject(new Error(`${message}\n${log}`)));
    };
    const timer = setTimeout(() => fail(`${command} did not start listening within ${options.timeoutMs ?? 30_000} ms.`), options.timeoutMs ?? 30_000);
    const onData = (data: Buffer): void => {
      const text = data.toString();
      output(text);
      if (settled) return;
      log += text;
      const m = LISTENING.exec(log);
      if (m) {
        settled = true;
        clearTimeout(timer);
        resolve({ url: m[1]!.replace(/\/$/, ''), close });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => fail(`cannot run ${command}: ${error.message}`));
    void exit.then(() => {
      clearTimeout(timer);
      fail(`${command} exited before it was listening.`);
    });
  });
}

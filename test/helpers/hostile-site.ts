/**
 * test/fixtures/hostile built and started in workerd (through `edgepress/testing`) or in Node
 * (`node dist/server/index.js`), with everything the server prints kept, and a secret planted
 * beside the asset folder that no request may ever read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import { build, makeSite, removeSite } from './site.ts';
import { startWorkerd } from './workerd.ts';

export type Runtime = 'workerd' | 'node';

export const SECRET = 'PLANTED-SECRET-5f3a9c';

export interface HostileSite {
  origin: string;
  /** Everything the server printed so far. */
  logs(): string;
  /** Waits (up to 5 s) until the logs match `pattern`, then returns them. */
  waitForLog(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

/** Secret files where a path-escape bug would find them: beside and above every adapter's asset folder (`dist` holds client/ and server/). */
export function plantSecrets(root: string, secret = SECRET, dist = 'dist'): void {
  const files = ['secret.txt', `${dist}/secret.txt`, `${dist}/server/secret.txt`, `${dist}/clientsecret.txt`, `${dist}/client-private/secret.txt`, '.vercel/secret.txt', 'dist/netlify/secret.txt'];
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), `${secret}\n`);
  }
}

/** Builds a copy of the hostile fixture for `runtime` and starts it on a free port. */
export async function startHostile(runtime: Runtime, files: Record<string, string> = {}): Promise<HostileSite & { root: string }> {
  const root = makeSite('hostile', files);
  await build(root, runtime === 'node' ? { adapter: 'node' } : {});
  plantSecrets(root);
  let origin: string;
  let logs: () => string;
  let stop: () => Promise<void>;
  if (runtime === 'workerd') {
    const worker = await startWorkerd(root);
    origin = worker.url;
    logs = () => worker.logs.join('');
    stop = () => worker.dispose();
  } else {
    let printed = '';
    const server = await spawnServer(process.execPath, ['dist/server/index.js'], { cwd: root, env: { HOST: '127.0.0.1', PORT: '0' }, onOutput: (text) => (printed += text) });
    origin = server.url;
    logs = () => printed;
    stop = () => server.close();
  }
  return {
    root,
    origin,
    logs,
    async waitForLog(pattern) {
      for (let i = 0; i < 200 && !pattern.test(logs()); i++) await new Promise((r) => setTimeout(r, 25));
      if (!pattern.test(logs())) throw new Error(`the server printed nothing matching ${pattern}; it printed:\n${logs()}`);
      return logs();
    },
    async close() {
      await stop();
      removeSite(root);
    },
  };
}

/** Occurrences of `text` in `haystack`. */
export function count(haystack: string, text: string): number {
  return haystack.split(text).length - 1;
}

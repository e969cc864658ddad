/** A fixture site built and started in workerd (Cloudflare build) or in Node (`node dist/server/index.js`). */
import { afterAll, beforeAll } from 'vitest';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import { build, makeSite, removeSite } from './site.ts';
import { startWorkerd, type RunningSite } from './workerd.ts';

export type Runtime = 'workerd' | 'node';

export interface StartedSite {
  origin: string;
  /** The workerd worker, when the runtime is workerd. */
  worker?: RunningSite;
  /** Waits (up to 5 s) until what the server printed matches `pattern`, in either runtime; returns all of it. */
  waitForLog(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

/** Builds `root` for the runtime's adapter and starts it on a free port. */
export async function buildAndStart(root: string, runtime: Runtime): Promise<StartedSite> {
  if (runtime === 'workerd') {
    await build(root);
    const worker = await startWorkerd(root);
    return { origin: worker.url, worker, waitForLog: (pattern) => worker.waitForLog(pattern), close: () => worker.dispose() };
  }
  await build(root, { adapter: 'node' });
  let printed = '';
  const server = await spawnServer(process.execPath, ['dist/server/index.js'], { cwd: root, env: { HOST: '127.0.0.1', PORT: '0' }, onOutput: (text) => (printed += text) });
  return {
    origin: server.url,
    async waitForLog(pattern) {
      for (let i = 0; i < 200 && !pattern.test(printed); i++) await new Promise((r) => setTimeout(r, 25));
      if (!pattern.test(printed)) throw new Error(`the server printed nothing matching ${pattern}; it printed:\n${printed}`);
      return printed;
    },
    close: () => server.close(),
  };
}

/** Registers the hooks that build fixture `name` for `runtime`, start it, and stop and remove it after the file; filled before the first test. */
export function fixtureSite(name: string, runtime: Runtime): StartedSite {
  const state = {} as StartedSite;
  let root: string | undefined;
  let site: StartedSite | undefined;
  beforeAll(async () => {
    root = makeSite(name);
    site = await buildAndStart(root, runtime);
    Object.assign(state, site);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    if (root) removeSite(root);
  });
  return state;
}

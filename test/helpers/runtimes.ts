/** A fixture site built and started in workerd (Cloudflare build) or in Node (`node dist/server/index.js`). */
import { afterAll, beforeAll } from 'vitest';
import { startPreview } from '../../src/cli/preview.ts';
import { build, makeSite, removeSite } from './site.ts';
import { startWorkerd, type RunningSite } from './workerd.ts';

export type Runtime = 'workerd' | 'node';

export interface StartedSite {
  origin: string;
  /** The workerd worker (its logs), when the runtime is workerd. */
  worker?: RunningSite;
  close(): Promise<void>;
}

/** Builds `root` for the runtime's adapter and starts it on a free port. */
export async function buildAndStart(root: string, runtime: Runtime): Promise<StartedSite> {
  if (runtime === 'workerd') {
    await build(root);
    const worker = await startWorkerd(root);
    return { origin: worker.url, worker, close: () => worker.dispose() };
  }
  await build(root, { adapter: 'node' });
  const server = await startPreview(root, { adapter: 'node', port: 0 });
  return { origin: server.url, close: () => server.close() };
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

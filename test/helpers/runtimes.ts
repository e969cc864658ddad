/** A fixture site built and started in workerd (Cloudflare build) or in Node (`node dist/server/index.js`). */
import { startPreview } from '../../src/cli/preview.ts';
import { build } from './site.ts';
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

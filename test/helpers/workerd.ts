/** Runs a built site in workerd through `edgepress/testing`, as a user's own tests would. */
import { createTestWorker, type TestWorker } from '../../src/testing/index.ts';

export type RunningSite = TestWorker;

/** Starts the site already built in `root` (dist/server/wrangler.json), KV seeded from `options.kv`. */
export function startWorkerd(root: string, options: { kv?: Record<string, Record<string, string>> } = {}): Promise<RunningSite> {
  return createTestWorker({ root, build: false, kv: options.kv });
}

/** edgepress/testing: run a site's build in workerd from its own tests. */
export { createTestWorker } from './test-worker.ts';
export type { QueueResult, ScheduledResult, TestWorker, TestWorkerOptions } from './test-worker.ts';
export { MissingPeerError } from '../build/peers.ts';

import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestWorker, type TestWorker } from 'edgepress/testing';

// The Durable Object and the cron of worker.ts, in workerd with wrangler.jsonc's bindings.
let site: TestWorker;
beforeAll(async () => {
  site = await createTestWorker();
}, 120_000);
afterAll(() => site?.dispose());

test('/counter counts visits in a Durable Object', async () => {
  expect(await (await site.fetch('/counter')).text()).toContain('<strong id="count">1</strong>');
  expect(await (await site.fetch('/counter')).text()).toContain('<strong id="count">2</strong>');
});

test('the cron writes KV, and the page shows it', async () => {
  const result = await site.scheduled('*/10 * * * *', { scheduledTime: new Date('2026-01-01T00:00:00Z') });
  expect(result.outcome).toBe('ok');
  expect(await (await site.fetch('/counter')).text()).toContain('<span id="cron">2026-01-01T00:00:00.000Z</span>');
});

/**
 * A typo in the runtime EDGEPRESS_KEY ("<good>,<typo>") never takes the site down: the bad key is
 * named in one line (at start-up where the env is known then: node) and left out, and the site
 * keeps serving islands with the good one. Node exited on the first island request before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewServer } from '../src/build/adapter.ts';
import { spawnServer } from '../src/cli/spawn-server.ts';
import { createTestWorker, type TestWorker } from '../src/testing/index.ts';
import { build, makeSite, removeSite, withEnv } from './helpers/site.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const GOOD = Buffer.alloc(32, 5).toString('base64');
// The good key with its last two characters lost: 31 bytes.
const TYPO = GOOD.slice(0, -3);
const LINE = /EDGEPRESS_KEY: key 2 of 2 is not 32 bytes of base64, so it is ignored/g;

const islandPaths = (html: string): string[] => [...html.matchAll(/<template data-island="([^"]+)" data-p="([^"]+)"/g)].map((m) => `${m[1]}?u=%2F&p=${m[2]}`);

describe('EDGEPRESS_KEY="<good>,<typo>" in node', () => {
  let root: string;
  let server: PreviewServer;
  let output = '';

  beforeAll(async () => {
    root = makeSite('islands');
    await withEnv({ EDGEPRESS_KEY: GOOD }, () => build(root, { adapter: 'node' }));
    server = await spawnServer(process.execPath, ['dist/server/index.js'], {
      cwd: root,
      env: { HOST: '127.0.0.1', PORT: '0', EDGEPRESS_KEY: `${GOOD},${TYPO}` },
      onOutput: (text) => void (output += text),
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    removeSite(root);
  });

  it('keeps serving islands and pages, and named the bad key in one line at start-up', async () => {
    const atStart = output;
    const home = await (await fetch(server.url + '/')).text();
    const [island] = islandPaths(home);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(server.url + island, { headers: { cookie: 'visitor=ana' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('ana');
    }
    // Still alive after the island requests (it exited with code 1 on the first one before).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(server.url + '/')).status).toBe(200);
    expect(atStart.match(LINE)).toHaveLength(1);
    expect(output.match(LINE)).toHaveLength(1);
  });
});

describe('EDGEPRESS_KEY="<good>,<typo>" in workerd', () => {
  let root: string;
  let worker: TestWorker;

  beforeAll(async () => {
    root = makeSite('islands');
    await withEnv({ EDGEPRESS_KEY: GOOD }, () => build(root));
    worker = await createTestWorker({ root, build: false, bindings: { EDGEPRESS_KEY: `${GOOD},${TYPO}` } });
  }, 120_000);
  afterAll(async () => {
    await worker?.dispose();
    removeSite(root);
  });

  it('names the bad key in one line on first use, and keeps serving islands', async () => {
    const [island] = islandPaths(await (await worker.fetch('/')).text());
    for (let i = 0; i < 3; i++) {
      const res = await worker.fetch(island!, { headers: { cookie: 'visitor=ana' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('ana');
    }
    const logs = await worker.waitForLog(LINE);
    expect(logs.match(LINE)).toHaveLength(1);
  });
});

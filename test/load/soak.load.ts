/**
 * Load and soak, bounded in count (no timing thresholds): the hostile fixture built for workerd
 * and for Node, hit on loopback by autocannon with 50 connections over a mix of static files,
 * prerendered pages, on-demand pages, a streamed page and endpoints. Every round must see zero
 * 5xx, zero other non-2xx, zero connection errors and zero timeouts; the memory measured after
 * each round must not grow past the first measured round by more than the tolerance.
 * Run: npm run test:load. Prints requests, errors, p99 and memory per round.
 */
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import { build, makeSite, removeSite } from '../helpers/site.ts';
import { startMiniflare } from '../../adapters/cloudflare/preview.ts';
import { freePort } from '../../src/cli/free-port.ts';
import { inspectIsolate } from './isolate-heap.ts';
import { nodeHeap, workerdRss } from './memory.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const CONNECTIONS = 50;
const WARMUP = 2_000;
const PER_ROUND = 4_000;
const ROUNDS = 6;
const MIB = 1024 * 1024;

/** Static, prerendered, on demand, streamed and endpoint routes, in turn on every connection. */
const MIX = ['/', '/style.css', '/about', '/page?q=load', '/stream', '/api/echo?c=name', '/p/item-42', '/letters.txt'].map((path) => ({
  path,
  headers: { cookie: 'name=load-test' },
}));

const FILES = {
  // The default render timeout (30 s): a slow round is not a failure here, only a 5xx is.
  'edgepress.config.ts': "export default { trailingSlash: 'never', limits: { bodyBytes: 65536 } };\n",
  'routes/api/heap.ts': `export const prerender = false;
/** Load test only: the Node heap in use after a full GC (the server runs with --expose-gc). */
export const GET = () => {
  const g = globalThis as { gc?: () => void; process?: { memoryUsage(): { heapUsed: number } } };
  g.gc?.();
  g.gc?.();
  return Response.json({ heap: g.gc && g.process ? g.process.memoryUsage().heapUsed : null });
};
`,
};

interface Round {
  round: string;
  requests: number;
  errors: number;
  non2xx: number;
  '5xx': number;
  p99: number;
  memory: number;
  rss?: number;
}

const runtimes = [
  {
    name: 'workerd',
    tolerance: (base: number) => Math.max(base * 0.15, MIB / 4),
    memoryLabel: 'isolate heap after GC (V8 inspector); workerd RSS beside it, for information',
    async start(root: string) {
      await build(root);
      const inspectorPort = await freePort();
      const { mf, url } = await startMiniflare(root, { host: '127.0.0.1', port: 0, inspectorPort });
      const heap = await inspectIsolate(inspectorPort, async () => void (await (await fetch(`${url}/p/gc`)).arrayBuffer()));
      return {
        origin: url,
        memory: () => heap.afterGc(),
        rss: workerdRss,
        close: async () => {
          heap.close();
          await mf.dispose();
        },
      };
    },
  },
  {
    name: 'node',
    tolerance: (base: number) => Math.max(base * 0.15, 2 * MIB),
    memoryLabel: 'node heap after GC',
    async start(root: string) {
      await build(root, { adapter: 'node' });
      const server = await spawnServer(process.execPath, ['--expose-gc', 'dist/server/index.js'], { cwd: root, env: { HOST: '127.0.0.1', PORT: '0' }, onOutput: () => {} });
      return { origin: server.url, memory: () => nodeHeap(server.url), rss: undefined, close: () => server.close() };
    },
  },
] as const;

describe.each(runtimes)('load and soak in $name', (runtime) => {
  let root: string;
  let site: Awaited<ReturnType<(typeof runtime)['start']>>;
  const rounds: Round[] = [];

  beforeAll(async () => {
    root = makeSite('hostile', FILES);
    site = await runtime.start(root);
  });
  afterAll(async () => {
    await site?.close();
    if (root) removeSite(root);
    const mib = (n: number): string => `${(n / MIB).toFixed(2)} MiB`;
    const rows = rounds.map((r) => `| ${r.round} | ${r.requests} | ${r.errors} | ${r['5xx']} | ${r.non2xx} | ${r.p99} | ${mib(r.memory)} |${r.rss === undefined ? '' : ` ${mib(r.rss)} |`}`);
    const rss = runtime.name === 'workerd' ? ' workerd RSS |' : '';
    console.log(
      [`load in ${runtime.name} (${CONNECTIONS} connections; memory = ${runtime.memoryLabel}):`, `| round | requests | errors+timeouts | 5xx | non-2xx | p99 ms | memory |${rss}`, `|---|---|---|---|---|---|---|${rss ? '---|' : ''}`, ...rows].join('\n'),
    );
  });

  const load = async (round: string, amount: number): Promise<Round> => {
    const result = await autocannon({ url: site.origin, connections: CONNECTIONS, amount, timeout: 30, requests: MIX });
    const row: Round = {
      round,
      requests: result['2xx'] + result.non2xx,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      '5xx': result['5xx'],
      p99: result.latency.p99,
      memory: await site.memory(),
      rss: site.rss?.(),
    };
    rounds.push(row);
    return row;
  };

  it(`answers ${WARMUP + ROUNDS * PER_ROUND} mixed requests over ${CONNECTIONS} connections with no 5xx and no connection error`, async () => {
    const all = [await load('warm-up', WARMUP)];
    for (let i = 1; i <= ROUNDS; i++) all.push(await load(String(i), PER_ROUND));
    for (const row of all) {
      expect(row.errors, `round ${row.round}`).toBe(0);
      expect(row['5xx'], `round ${row.round}`).toBe(0);
      expect(row.non2xx, `round ${row.round}`).toBe(0);
      expect(row.requests, `round ${row.round}`).toBe(row.round === 'warm-up' ? WARMUP : PER_ROUND);
    }
  });

  it('keeps its memory flat from round to round (the last rounds against the first, with a tolerance)', () => {
    const measured = rounds.filter((r) => r.round !== 'warm-up');
    expect(measured.length).toBe(ROUNDS);
    // A leak raises every later round; noise moves single rounds both ways (Node's heap after a GC
    // swings by ~2 MiB with sockets still closing). So the lower of the last two rounds is held
    // against the higher of the first two: a spike in either pair cannot fail the test, while a
    // leak that grows every round still shows across the three rounds between them.
    const early = Math.max(measured[0]!.memory, measured[1]!.memory);
    const late = Math.min(...measured.slice(-2).map((r) => r.memory));
    expect(late - early, 'the last two rounds against the first two').toBeLessThanOrEqual(runtime.tolerance(early));
  });
});

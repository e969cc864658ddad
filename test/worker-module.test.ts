/**
 * A site's worker.ts: Durable Objects, cron, queues and workflows beside the pages, run in workerd
 * through the built output (createTestWorker), and accepted by `wrangler deploy --dry-run`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorker, type TestWorker } from '../src/testing/index.ts';
import { readSiteWorker } from '../src/build/site-worker.ts';
import { withSiteWorker } from '../adapters/cloudflare/worker.ts';
import { writeStarter } from '../src/cli/new.ts';
import { build, outsideSite, REPO } from './helpers/site.ts';
import { WORKER_SITE } from './helpers/worker-site.ts';
import { startDevServer } from './helpers/dev-server.ts';

process.env.WRANGLER_SEND_METRICS = 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A JSON POST (the origin check lets it through, as it would a fetch from the site's own scripts). */
const post = (body: unknown = {}): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, tries = 200): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

describe('worker.ts in workerd', () => {
  let root: string;
  let site: TestWorker;
  beforeAll(async () => {
    root = outsideSite('worker-module', WORKER_SITE, roots);
    site = await createTestWorker({ root, build: true });
  });
  afterAll(() => site?.dispose());

  it('exports the Durable Object class: a route calls it twice and the count persists', async () => {
    expect(await (await site.fetch('/count', post())).json()).toEqual({ count: 1 });
    expect(await (await site.fetch('/count', post())).json()).toEqual({ count: 2 });
  });

  it('runs scheduled() for a cron: it writes KV and a route reads it through cloudflare:workers env', async () => {
    expect(await (await site.fetch('/kv/cron')).text()).toBe('missing');
    expect(await site.scheduled()).toEqual({ outcome: 'ok', noRetry: false });
    expect(await (await site.fetch('/kv/cron')).text()).toBe('ran */5 * * * *');
    await site.scheduled('0 0 * * *');
    expect(await (await site.fetch('/kv/cron')).text()).toBe('ran 0 0 * * *');
  });

  it('consumes a queue batch sent by the test, and one a route produced', async () => {
    const result = await site.queue('jobs', [{ id: 'a', text: 'first' }, { id: 'b', text: 'second' }]);
    expect(result.outcome).toBe('ok');
    expect(result.explicitAcks.sort()).toEqual(['message-1', 'message-2']);
    expect(await (await site.fetch('/kv/job:a')).text()).toBe('jobs: first');
    expect(await (await site.fetch('/kv/job:b')).text()).toBe('jobs: second');

    expect((await site.fetch('/jobs', post({ id: 'c', text: 'from a route' }))).status).toBe(202);
    const text = await eventually(async () => (await site.fetch('/kv/job:c')).text(), (t) => t !== 'missing');
    expect(text).toBe('jobs: from a route');
  });

  it('runs a workflow a route started', async () => {
    const { id } = (await (await site.fetch('/greet?name=ada', post())).json()) as { id: string };
    const status = await eventually(
      async () => (await (await site.fetch(`/greet?id=${id}`)).json()) as { status: string; output?: unknown },
      (s) => s.status === 'complete' || s.status === 'errored',
    );
    expect(status).toMatchObject({ status: 'complete', output: 'hello ada' });
    expect(await (await site.fetch('/kv/workflow')).text()).toBe('hello ada');
  });

  it('keeps the user\'s bindings in dist/server/wrangler.json, and wrangler deploy --dry-run accepts it', () => {
    const config = JSON.parse(readFileSync(join(root, 'dist/server/wrangler.json'), 'utf8'));
    expect(config.durable_objects).toEqual({ bindings: [{ name: 'COUNTER', class_name: 'Counter' }] });
    expect(config.migrations).toEqual([{ tag: 'v1', new_sqlite_classes: ['Counter'] }]);
    expect(config.triggers).toEqual({ crons: ['*/5 * * * *'] });
    expect(config.queues.consumers[0].queue).toBe('jobs');
    expect(config.workflows[0].class_name).toBe('Greeter');
    const outdir = join(root, 'dist/.dry-run');
    const run = spawnSync(join(REPO, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '-c', 'dist/server/wrangler.json', '--outdir', outdir], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_API_TOKEN: '', CI: '1' },
      timeout: 120_000,
    });
    expect(run.stderr + run.stdout).toContain('--dry-run: exiting now.');
    expect(run.status).toBe(0);
    // wrangler saw the classes and bindings the built worker exports.
    expect(run.stdout).toMatch(/env\.COUNTER \(Counter\)/);
    expect(run.stdout).toMatch(/env\.GREETER \(Greeter\)/);
    const bundled = readFileSync(join(outdir, 'index.js'), 'utf8');
    expect(bundled).toMatch(/export\s*\{[^}]*\bCounter\b/);
  });
});

describe('edgepress new --template worker', () => {
  it('writes a site whose Durable Object counter and cron run in workerd', async () => {
    const root = outsideSite('worker-template', {}, roots);
    const files = writeStarter(root, { adapter: 'cloudflare', template: 'worker' });
    expect(files).toEqual(expect.arrayContaining(['worker.ts', 'routes/counter.tsx', 'test/worker.test.ts', 'routes/index.tsx', 'wrangler.jsonc']));
    await using site = await createTestWorker({ root, build: true });
    expect(await (await site.fetch('/counter')).text()).toContain('<strong id="count">1</strong>');
    expect(await (await site.fetch('/counter')).text()).toContain('<strong id="count">2</strong>');
    expect((await site.scheduled('*/10 * * * *', { scheduledTime: new Date('2026-01-01T00:00:00Z') })).outcome).toBe('ok');
    expect(await (await site.fetch('/counter')).text()).toContain('<span id="cron">2026-01-01T00:00:00.000Z</span>');
  });
});

describe('withSiteWorker (the merged default export)', () => {
  it('adds scheduled, queue, email and tail beside fetch, called on the site object with the Worker env', async () => {
    const calls: string[] = [];
    const site = {
      prefix: 'site',
      scheduled(this: { prefix: string }, c: { cron: string }, env: { N: number }) { calls.push(`${this.prefix} scheduled ${c.cron} ${env.N}`); },
      queue(this: { prefix: string }, b: { queue: string }) { calls.push(`${this.prefix} queue ${b.queue}`); },
      email(this: { prefix: string }) { calls.push(`${this.prefix} email`); },
      tail(this: { prefix: string }) { calls.push(`${this.prefix} tail`); },
    };
    const fetch = async () => new Response('edgepress');
    const merged = withSiteWorker({ fetch } as unknown as ExportedHandler<{ N: number }>, site) as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(merged).sort()).toEqual(['email', 'fetch', 'queue', 'scheduled', 'tail']);
    expect(merged.fetch).toBe(fetch);
    await merged.scheduled!({ cron: '* * * * *' }, { N: 1 }, {});
    await merged.queue!({ queue: 'jobs' }, { N: 1 }, {});
    await merged.email!({}, { N: 1 }, {});
    await merged.tail!([], { N: 1 }, {});
    expect(calls).toEqual(['site scheduled * * * * * 1', 'site queue jobs', 'site email', 'site tail']);
  });

  it('in development answers /__scheduled by running scheduled(), and passes other requests to edgepress', async () => {
    let ran = '';
    const merged = withSiteWorker({ fetch: async () => new Response('page') } as unknown as ExportedHandler, { scheduled: (c: { cron: string }) => void (ran = c.cron) }, true);
    const call = (url: string) => (merged.fetch as unknown as (r: Request, e: unknown, c: unknown) => Promise<Response>)(new Request(url), {}, {});
    expect(await (await call('http://x/__scheduled?cron=0+1+*+*+*')).text()).toBe('Ran scheduled event (cron: 0 1 * * *)\n');
    expect(ran).toBe('0 1 * * *');
    expect(await (await call('http://x/about')).text()).toBe('page');
    const production = withSiteWorker({ fetch: async () => new Response('page') } as unknown as ExportedHandler, { scheduled: () => {} });
    expect(await (await (production.fetch as unknown as (r: Request, e: unknown, c: unknown) => Promise<Response>)(new Request('http://x/__scheduled'), {}, {})).text()).toBe('page');
  });
});

describe('worker.ts read at build time', () => {
  it('lists named exports and default handlers', () => {
    const read = readSiteWorker(WORKER_SITE['worker.ts'], 'worker.ts');
    expect(read).toEqual({ exports: ['Counter', 'Greeter'], handlers: ['scheduled', 'queue'] });
    expect(readSiteWorker('const h = { async tail() {} } satisfies ExportedHandler;\nexport default h;\nexport type X = 1;\nexport { h as handlers };', 'worker.ts')).toEqual({ exports: ['handlers'], handlers: ['tail'] });
  });

  it('refuses a fetch handler, naming the file and middleware', async () => {
    const root = outsideSite('worker-fetch', { 'routes/index.tsx': 'export default () => <p>x</p>;\n', 'worker.ts': 'export default {\n  fetch() { return new Response("mine"); },\n};\n' }, roots);
    await expect(build(root)).rejects.toThrow(/^worker\.ts: line 2: the default export defines fetch, but edgepress answers every request itself\. Put request code in routes\/_middleware\.ts/);
  });

  it('refuses other keys and a class default export', () => {
    expect(() => readSiteWorker('export default { alarm() {} };', 'worker.ts')).toThrow("worker.ts: line 1: 'alarm' is not a Worker handler edgepress merges");
    expect(() => readSiteWorker('import { WorkerEntrypoint } from "cloudflare:workers";\nexport default class extends WorkerEntrypoint {}', 'worker.ts')).toThrow(/line 2: the default export is a class/);
  });

  it('cloudflare-kv exports the classes and handlers too', async () => {
    const root = outsideSite('worker-kv', WORKER_SITE, roots);
    const result = await build(root, { adapter: 'cloudflare-kv' });
    expect(result.summary).toContain('worker.ts: scheduled, queue, Counter, Greeter');
    const bundle = readFileSync(join(root, 'dist/server/index.js'), 'utf8');
    expect(bundle).toMatch(/export\s*\{[^}]*\bCounter\b[^}]*\}/);
    expect(JSON.parse(readFileSync(join(root, 'dist/server/wrangler.json'), 'utf8')).durable_objects.bindings[0].class_name).toBe('Counter');
  });

  for (const adapter of ['node', 'bun', 'deno', 'vercel', 'netlify'] as const) {
    it(`fails the build on ${adapter}, naming the handlers and classes and the adapters that run them`, async () => {
      const root = outsideSite(`worker-${adapter}`, { 'routes/index.tsx': 'export default () => <p>x</p>;\n', 'worker.ts': WORKER_SITE['worker.ts'] }, roots);
      const error = await build(root, { adapter }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `worker.ts: holds scheduled(), queue(), Counter, Greeter, which only Cloudflare Workers run; the adapter '${adapter}' cannot (Durable Objects, workflows, cron, queue, email and tail handlers are Workers features, ` +
          "and edgepress maps none of them to Vercel cron jobs, Netlify scheduled functions or Deno.cron). Set adapter: 'cloudflare' or 'cloudflare-kv' in edgepress.config.ts, or remove worker.ts.",
      );
    });
  }
});

describe('worker.ts in edgepress dev', () => {
  it('runs the Durable Object, and /__scheduled runs scheduled() with the cron asked for', async () => {
    const root = outsideSite('worker-dev', WORKER_SITE, roots);
    const dev = await startDevServer(root);
    try {
      // wrangler dev reloads its worker once early on and answers a POST caught in it with a 503 (it retries only GET).
      const count = async (): Promise<unknown> => {
        const response = await fetch(dev.origin + '/count', post());
        return response.status === 503 ? (await fetch(dev.origin + '/count', post())).json() : response.json();
      };
      expect(await count()).toEqual({ count: 1 });
      expect(await count()).toEqual({ count: 2 });
      const ran = await fetch(dev.origin + '/__scheduled?cron=' + encodeURIComponent('0 9 * * *'));
      expect(await ran.text()).toBe('Ran scheduled event (cron: 0 9 * * *)\n');
      expect(await (await fetch(dev.origin + '/kv/cron')).text()).toBe('ran 0 9 * * *');
    } finally {
      await dev.stop();
    }
  }, 180_000);
});

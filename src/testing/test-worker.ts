/// <reference lib="esnext.disposable" />
/**
 * `createTestWorker`: a site's build running in workerd (Miniflare), with the bindings of its
 * wrangler config, for the site's own tests. Node-only (it builds and starts processes).
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSite } from '../build/build-site.ts';
import { importPeer } from '../build/peers.ts';
import { serveThrough } from '../cli/forward.ts';
import { miniflareOptions } from '../../adapters/cloudflare/miniflare-options.ts';
import { upToDateBuild, withBuildLock } from './up-to-date.ts';

export interface TestWorkerOptions {
  /** The site's folder: a path (relative to the working directory) or a `file:` URL; default: the working directory. */
  root?: string | URL;
  /**
   * `'auto'` (default) builds unless dist/ is newer than every file of the site (test/ aside);
   * `true` always builds; `false` runs dist/ as it is.
   */
  build?: boolean | 'auto';
  /** Entries put in KV namespaces before the first request: `{ BINDING: { key: value } }`. */
  kv?: Record<string, Record<string, string>>;
  /** Bindings added to (or replacing) the wrangler config's vars and `.dev.vars`. */
  bindings?: Record<string, unknown>;
  /** Receives everything the worker prints (console.log, errors); it is also kept in `logs`. */
  onLog?: (text: string) => void;
  /**
   * `'workerd'` (default): the Cloudflare build in workerd, with the wrangler config's bindings.
   * `'node'`: the node build imported into this process, no server and no bindings (`env` is
   * `process.env` plus `bindings`): faster, for pages that need no platform.
   */
  runtime?: 'workerd' | 'node';
}

/** A running site. */
export interface TestWorker extends AsyncDisposable {
  /** Its origin, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /**
   * Sends a request: a path (`'/about?x=1'`), a URL or a Request, whose path and query go to this
   * worker. Redirects are not followed (`redirect: 'manual'` unless `init` says otherwise).
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** What the worker printed so far. */
  readonly logs: string[];
  /** Resolves with all output once it matches `pattern`, or rejects after `timeoutMs` (default 5 s). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /**
   * Runs the worker's `scheduled()` handler (worker.ts) once, as a cron trigger does: `cron` is the
   * controller's `cron` (default: the first of the wrangler config's `triggers.crons`, else `* * * * *`).
   */
  scheduled(cron?: string, options?: { scheduledTime?: Date }): Promise<ScheduledResult>;
  /** Delivers one batch of messages (their bodies) to the worker's `queue()` handler, as queue `queue`. */
  queue(queue: string, bodies: unknown[]): Promise<QueueResult>;
  /** Stops workerd. */
  dispose(): Promise<void>;
}

/** How a `scheduled()` run ended: `'ok'`, or `'exception'` when the handler threw (see `logs`). */
export interface ScheduledResult {
  outcome: string;
  noRetry: boolean;
}

/** How a queue batch ended: the outcome, and which messages the handler acked or retried. */
export interface QueueResult {
  outcome: string;
  ackAll: boolean;
  retryBatch: { retry: boolean; delaySeconds?: number };
  explicitAcks: string[];
  retryMessages: Array<{ msgId: string; delaySeconds?: number }>;
}

const CLOUDFLARE = new Set(['cloudflare', 'cloudflare-kv']);
const NO_HANDLERS = "createTestWorker: the 'node' runtime runs no worker.ts handlers (scheduled, queue); use the default 'workerd' runtime.";

/** The cron a scheduled() call reports when the test names none: the site's first, as wrangler dev's /__scheduled does. */
function defaultCron(outDir: string): string {
  try {
    const config = JSON.parse(readFileSync(join(outDir, 'server/wrangler.json'), 'utf8')) as { triggers?: { crons?: string[] } };
    return config.triggers?.crons?.[0] ?? '* * * * *';
  } catch {
    return '* * * * *';
  }
}

/** The request `input` names, sent to `origin`: a path as written ('//x' stays a path), else its path and query. */
function target(origin: string, input: string | URL | Request, init: RequestInit | undefined): [string, RequestInit] {
  const request = input instanceof Request ? input : undefined;
  const path = typeof input === 'string' && input.startsWith('/') ? input : ((u) => u.pathname + u.search)(new URL(request ? request.url : String(input)));
  const from = request ? { method: request.method, headers: request.headers, body: request.body, duplex: 'half' } : {};
  return [origin + path, { redirect: 'manual', ...from, ...init } as RequestInit];
}

/** The node build of the site, in this process. */
async function nodeWorker(root: string, options: TestWorkerOptions): Promise<TestWorker> {
  if (options.kv) throw new TypeError("createTestWorker: the 'node' runtime has no KV namespaces; use the default 'workerd' runtime for bindings.");
  const outDir = join(root, 'dist/.test-node');
  if (options.build !== false) {
    await withBuildLock(root, async () => {
      const current = options.build === true ? undefined : upToDateBuild(root, outDir);
      if (!current || current.adapter !== 'node' || current.dev) await buildSite({ root, quiet: true, adapter: 'node', outDir });
    });
  }
  // Imported under a name of its own: module loaders that cache by path (vitest's) would keep an old build.
  const file = join(outDir, `server/index.${process.pid}-${Date.now()}.mjs`);
  copyFileSync(join(outDir, 'server/index.js'), file);
  let app: { fetch(request: Request, env?: unknown): Promise<Response> };
  try {
    app = ((await import(pathToFileURL(file).href)) as { default: typeof app }).default;
  } finally {
    rmSync(file, { force: true });
  }
  const env = { ...process.env, ...options.bindings };
  const origin = 'http://localhost';
  const dispose = async (): Promise<void> => {};
  return {
    url: origin,
    logs: [],
    fetch: async (input, init) => {
      const [url, requestInit] = target(origin, input, init);
      const response = await app.fetch(new Request(url, requestInit), env);
      // fetch() never follows redirects for a handler called directly; say so if asked to.
      if (requestInit.redirect === 'follow' && response.status >= 300 && response.status < 400) {
        throw new TypeError("createTestWorker: the 'node' runtime does not follow redirects; read the Location header.");
      }
      return response;
    },
    waitForLog: () => Promise.reject(new TypeError("createTestWorker: with the 'node' runtime the site prints to this process's console; `logs` stays empty.")),
    scheduled: () => Promise.reject(new TypeError(NO_HANDLERS)),
    queue: () => Promise.reject(new TypeError(NO_HANDLERS)),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/**
 * Builds the site when needed (for Cloudflare, whatever its adapter) and starts it in workerd, or
 * imports its node build. A site for another adapter keeps its own build in dist/: the Cloudflare
 * one for its tests goes to dist/.test-workerd.
 */
export async function createTestWorker(options: TestWorkerOptions = {}): Promise<TestWorker> {
  const root = resolve(options.root instanceof URL ? fileURLToPath(options.root) : (options.root ?? '.'));
  if (options.runtime === 'node') return nodeWorker(root, options);
  const mode = options.build ?? 'auto';
  let outDir = join(root, 'dist');
  if (mode !== false) {
    await withBuildLock(root, async () => {
      const own = join(root, 'dist/.test-workerd');
      for (const dir of [outDir, own]) {
        const current = mode === 'auto' ? upToDateBuild(root, dir) : undefined;
        if (current && CLOUDFLARE.has(current.adapter) && !current.dev) return void (outDir = dir);
      }
      const { loadConfig } = await import('../build/load-config.ts');
      const { config } = await loadConfig(root, resolve(root, 'dist/.edgepress'));
      if (!CLOUDFLARE.has(config.adapter)) outDir = own;
      await buildSite({ root, quiet: true, adapter: CLOUDFLARE.has(config.adapter) ? config.adapter : 'cloudflare', outDir });
    });
  }

  const { startMiniflare } = await importPeer(
    { name: 'miniflare', install: 'wrangler', purpose: 'edgepress/testing (it runs the site in workerd)' },
    () => import('../../adapters/cloudflare/preview.ts'),
  );
  const logs: string[] = [];
  const record = (chunk: Buffer | string): void => {
    const text = chunk.toString();
    logs.push(text);
    options.onLog?.(text);
  };
  const { mf, url } = await startMiniflare(root, {
    ...(options.bindings ? { bindings: { ...miniflareOptions(root, {}, outDir).bindings, ...options.bindings } } : {}),
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.on('data', record);
      stderr.on('data', record);
    },
  }, outDir);
  try {
    for (const [binding, entries] of Object.entries(options.kv ?? {})) {
      const namespace = await mf.getKVNamespace(binding);
      for (const [key, value] of Object.entries(entries)) await namespace.put(key, value);
    }
  } catch (error) {
    await mf.dispose();
    throw error;
  }

  // Requests reach workerd through the same forwarder as `edgepress preview`: uncompressed streams,
  // and a fresh connection each (workerd may close a kept-alive one after a refused body).
  let front: Awaited<ReturnType<typeof serveThrough>>;
  try {
    front = await serveThrough(url, '127.0.0.1', 0);
  } catch (error) {
    await mf.dispose();
    throw error;
  }
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> => (disposed ??= front.close().then(() => mf.dispose()));
  return {
    url: front.url,
    logs,
    fetch: (input, init) => fetch(...target(front.url, input, init)),
    async scheduled(cron = defaultCron(outDir), { scheduledTime = new Date() } = {}) {
      const worker = await mf.getWorker();
      return (await worker.scheduled({ cron, scheduledTime })) as ScheduledResult;
    },
    async queue(queue, bodies) {
      const worker = await mf.getWorker();
      const timestamp = new Date();
      const messages = bodies.map((body, i) => ({ id: `message-${i + 1}`, timestamp, body, attempts: 1 }));
      return (await worker.queue(queue, messages)) as unknown as QueueResult;
    },
    async waitForLog(pattern, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(logs.join(''))) {
        if (Date.now() > until) throw new Error(`the worker printed nothing matching ${pattern} within ${timeoutMs} ms; it printed:\n${logs.join('')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return logs.join('');
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

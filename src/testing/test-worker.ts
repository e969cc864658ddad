/// <reference lib="esnext.disposable" />
/**
 * `createTestWorker`: a site's build running in workerd (Miniflare), with the bindings of its
 * wrangler config, for the site's own tests. Node-only (it builds and starts processes).
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { buildSite } from '../build/build-site.ts';
import { importPeer } from '../build/peers.ts';
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
  /** Stops workerd. */
  dispose(): Promise<void>;
}

const CLOUDFLARE = new Set(['cloudflare', 'cloudflare-kv']);

/** Builds the site when needed (for Cloudflare, whatever its adapter) and starts it in workerd. */
export async function createTestWorker(options: TestWorkerOptions = {}): Promise<TestWorker> {
  const root = resolve(options.root instanceof URL ? fileURLToPath(options.root) : (options.root ?? '.'));
  const mode = options.build ?? 'auto';
  if (mode !== false) {
    await withBuildLock(root, async () => {
      const current = mode === 'auto' ? upToDateBuild(root) : undefined;
      if (current && CLOUDFLARE.has(current.adapter) && !current.dev) return;
      const { loadConfig } = await import('../build/load-config.ts');
      const { config } = await loadConfig(root, resolve(root, 'dist/.edgepress'));
      await buildSite({ root, quiet: true, adapter: CLOUDFLARE.has(config.adapter) ? config.adapter : 'cloudflare' });
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
    ...(options.bindings ? { bindings: { ...miniflareOptions(root).bindings, ...options.bindings } } : {}),
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.on('data', record);
      stderr.on('data', record);
    },
  });
  try {
    for (const [binding, entries] of Object.entries(options.kv ?? {})) {
      const namespace = await mf.getKVNamespace(binding);
      for (const [key, value] of Object.entries(entries)) await namespace.put(key, value);
    }
  } catch (error) {
    await mf.dispose();
    throw error;
  }

  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> => (disposed ??= mf.dispose());
  return {
    url,
    logs,
    fetch(input, init) {
      const request = input instanceof Request ? input : undefined;
      // A path is sent as written ('//x' stays a path), anything else keeps only its path and query.
      const path = typeof input === 'string' && input.startsWith('/') ? input : ((u) => u.pathname + u.search)(new URL(request ? request.url : String(input)));
      return fetch(url + path, { redirect: 'manual', ...(request ? { method: request.method, headers: request.headers, body: request.body, duplex: 'half' } : {}), ...init } as RequestInit);
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

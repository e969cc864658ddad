/** Runs a built site in workerd through Miniflare, as `wrangler dev -c dist/server/wrangler.json` would. */
import { Miniflare } from 'miniflare';
import { miniflareOptions } from '../../adapters/cloudflare/miniflare-options.ts';

export interface RunningSite {
  /** The site's origin, e.g. http://127.0.0.1:43123 */
  url: string;
  /** fetch() a path on the site (no redirect following). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  mf: Miniflare;
  logs: string[];
  /** Waits (up to 2 s) until the worker's output matches `pattern`; returns all output. */
  waitForLog(pattern: RegExp): Promise<string>;
  dispose(): Promise<void>;
}

/** Starts the site built in `root` from its dist/server/wrangler.json. */
export async function startWorkerd(root: string, options: { kv?: Record<string, Record<string, string>> } = {}): Promise<RunningSite> {
  const logs: string[] = [];
  const mf = new Miniflare(
    miniflareOptions(root, {
      host: '127.0.0.1',
      port: 0,
      handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
        stdout.on('data', (d: Buffer) => logs.push(d.toString()));
        stderr.on('data', (d: Buffer) => logs.push(d.toString()));
      },
    }),
  );
  const url = (await mf.ready).toString().replace(/\/$/, '');
  for (const [binding, entries] of Object.entries(options.kv ?? {})) {
    const ns = await mf.getKVNamespace(binding);
    for (const [key, value] of Object.entries(entries)) await ns.put(key, value);
  }
  return {
    url,
    mf,
    logs,
    fetch: (path, init) => fetch(url + path, { redirect: 'manual', ...init }),
    async waitForLog(pattern) {
      for (let i = 0; i < 40 && !pattern.test(logs.join('')); i++) await new Promise((r) => setTimeout(r, 50));
      return logs.join('');
    },
    dispose: () => mf.dispose(),
  };
}

/** Runs a built site in workerd through Miniflare, as `wrangler dev -c dist/server/wrangler.json` would. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';

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

interface WranglerJson {
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  assets: { directory: string; binding: string; html_handling: string; not_found_handling: string };
  kv_namespaces?: Array<{ binding: string }>;
  vars?: Record<string, string>;
}

/** Starts the site built in `root` from its dist/server/wrangler.json. */
export async function startWorkerd(root: string, options: { kv?: Record<string, Record<string, string>> } = {}): Promise<RunningSite> {
  const serverDir = join(root, 'dist/server');
  const config = JSON.parse(readFileSync(join(serverDir, 'wrangler.json'), 'utf8')) as WranglerJson;
  const logs: string[] = [];
  const mf = new Miniflare({
    modules: true,
    scriptPath: resolve(serverDir, config.main),
    modulesRoot: serverDir,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    host: '127.0.0.1',
    port: 0,
    bindings: config.vars ?? {},
    kvNamespaces: (config.kv_namespaces ?? []).map((kv) => kv.binding),
    assets: {
      directory: resolve(serverDir, config.assets.directory),
      binding: config.assets.binding,
      assetConfig: {
        html_handling: config.assets.html_handling as 'none',
        not_found_handling: config.assets.not_found_handling as 'none',
      },
      routerConfig: { has_user_worker: true },
    },
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.on('data', (d: Buffer) => logs.push(d.toString()));
      stderr.on('data', (d: Buffer) => logs.push(d.toString()));
    },
  });
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

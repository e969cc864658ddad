/** Serves the built site and the baseline worker from workerd through Miniflare (no dev proxy in between). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';

export interface Served {
  url: string;
  dispose(): Promise<void>;
}

interface WranglerJson {
  main: string;
  compatibility_date: string;
  compatibility_flags?: string[];
  assets: { directory: string; binding: string; html_handling: string; not_found_handling: string };
}

/**
 * Starts `script` in workerd. Both workers get the site's static assets in front of them, as
 * any Cloudflare deployment with assets has, so the ratio isolates the worker code.
 */
export async function serveWorker(script: string, siteRoot: string): Promise<Served> {
  const serverDir = join(siteRoot, 'dist/server');
  const config = JSON.parse(readFileSync(join(serverDir, 'wrangler.json'), 'utf8')) as WranglerJson;
  const mf = new Miniflare({
    modules: true,
    scriptPath: resolve(script),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    host: '127.0.0.1',
    port: 0,
    assets: {
      directory: resolve(serverDir, config.assets.directory),
      binding: config.assets.binding,
      assetConfig: {
        html_handling: config.assets.html_handling as 'none',
        not_found_handling: config.assets.not_found_handling as 'none',
      },
      routerConfig: { has_user_worker: true },
    },
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume();
      stderr.resume();
    },
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`refusing a non-loopback target: ${url}`);
  return { url, dispose: () => mf.dispose() };
}

/**
 * `edgepress dev`: build (development mode), serve with `wrangler dev` on 127.0.0.1, and
 * rebuild when routes/, public/, the framework's src/ or the config change. Whatever the
 * adapter, development runs in workerd, the runtime closest to every edge target.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { buildSite } from '../build/build-site.ts';
import { frameworkPath, MODULE_EXT } from '../build/framework-paths.ts';
import { peerBin } from '../build/peers.ts';
import type { CliArgs } from './args.ts';

function wranglerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '' };
}

/** Seeds local KV from `seed/kv/<BINDING>.json` files (the format `wrangler kv bulk put` takes). */
export function seedKv(root: string, persistTo: string, wrangler: string): void {
  const dir = join(root, 'seed/kv');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const binding = name.slice(0, -'.json'.length);
    const result = spawnSync(
      wrangler,
      ['kv', 'bulk', 'put', join(dir, name), '--binding', binding, '--local', '--persist-to', persistTo, '-c', join(root, 'dist/server/wrangler.json')],
      { env: wranglerEnv(), encoding: 'utf8' },
    );
    if (result.status !== 0) console.warn(`edgepress: could not seed KV ${binding}: ${result.stderr || result.stdout}`);
    else console.log(`edgepress: seeded local KV ${binding} from seed/kv/${name}`);
  }
}

/** Runs the dev server until interrupted; returns the exit code. */
export async function dev(args: CliArgs): Promise<number> {
  const root = args.root;
  const port = args.port ?? 8787;
  const persistTo = join(root, '.wrangler/state');
  const wrangler = peerBin(root, 'wrangler', 'wrangler', 'edgepress dev (it serves the site in workerd with wrangler)');
  await buildSite({ root, dev: true, adapter: 'cloudflare' });
  seedKv(root, persistTo, wrangler);

  const server: ChildProcess = spawn(
    wrangler,
    ['dev', '-c', join(root, 'dist/server/wrangler.json'), '--ip', args.host, '--port', String(port), '--persist-to', persistTo, '--show-interactive-dev-session=false'],
    { cwd: root, env: wranglerEnv(), stdio: 'inherit', detached: true },
  );

  let timer: NodeJS.Timeout | undefined;
  let building = false;
  let again = false;
  const rebuild = async (): Promise<void> => {
    if (building) {
      again = true;
      return;
    }
    building = true;
    try {
      await buildSite({ root, dev: true, adapter: 'cloudflare', quiet: true });
      console.log(`edgepress: rebuilt ${new Date().toLocaleTimeString()}`);
    } catch (error) {
      console.error(`edgepress: ${(error as Error).message}`);
    } finally {
      building = false;
      if (again) {
        again = false;
        void rebuild();
      }
    }
  };
  const watchers: FSWatcher[] = [];
  // The framework's own source is watched only when it runs as source (this repository).
  const framework = MODULE_EXT === '.ts' ? [frameworkPath('src')] : [];
  const targets = [join(root, 'routes'), join(root, 'public'), ...framework, ...['edgepress.config.ts', 'edgepress.config.js'].map((f) => join(root, f))];
  for (const target of targets) {
    if (!existsSync(target)) continue;
    watchers.push(
      watch(target, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void rebuild(), 100);
      }),
    );
  }

  return new Promise((resolve) => {
    const stop = (): void => {
      for (const w of watchers) w.close();
      // wrangler leaves workerd children behind unless the whole group is ended.
      try {
        if (server.pid) process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    server.once('exit', (code) => {
      for (const w of watchers) w.close();
      resolve(code ?? 0);
    });
  });
}

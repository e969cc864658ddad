/**
 * `edgepress dev`: renders every route per request in workerd (wrangler dev, whatever the
 * adapter), behind a dev server that reloads pages after each rebuild and shows errors in the
 * browser. Rebuilds are incremental (an esbuild context) and start from a chokidar watcher.
 */
import { watch } from 'chokidar';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { frameworkPath, MODULE_EXT } from '../build/framework-paths.ts';
import { peerBin } from '../build/peers.ts';
import { DevBuild, type DevBuildResult, type DevProblem } from '../dev/dev-build.ts';
import { DevServer } from '../dev/dev-server.ts';
import { StackMapper } from '../dev/stack-map.ts';
import { WranglerDev, wranglerEnv } from '../dev/wrangler-dev.ts';
import type { CliArgs } from './args.ts';

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

/** Folders whose changes never reach the site. */
const IGNORED = /^(node_modules|dist|\.wrangler|\.git|\.vercel|\.netlify|test|tests|coverage|seed)(\/|$)/;
const BINDINGS = /^(wrangler\.(toml|json|jsonc)|\.dev\.vars.*|\.env.*)$/;

function describe(problem: DevProblem): string {
  return `edgepress: ${problem.message}${problem.hint ? `\n  ${problem.hint}` : ''}`;
}

/** Runs the dev server until interrupted; returns the exit code. */
export async function dev(args: CliArgs): Promise<number> {
  const root = args.root;
  const persistTo = join(root, '.wrangler/state');
  const wranglerBin = peerBin(root, 'wrangler', 'wrangler', 'edgepress dev (it serves the site in workerd with wrangler)');
  const build = new DevBuild(root);
  const wrangler = new WranglerDev({ root, bin: wranglerBin, persistTo, host: '127.0.0.1' });
  let problem: DevProblem | undefined;
  let wranglerProblem: DevProblem | undefined;
  /** Starts (or restarts) wrangler; a failure is shown on every page until a change fixes it. */
  const startWrangler = async (): Promise<void> => {
    try {
      await wrangler.restart();
      wranglerProblem = undefined;
    } catch (error) {
      wranglerProblem = {
        name: 'WranglerError',
        message: (error as Error).message.replace(/\x1b\[[0-9;]*m/g, ''),
        hint: 'Fix the wrangler config (or .dev.vars) and save: edgepress dev starts wrangler again.',
      };
      console.error(describe(wranglerProblem));
    }
  };
  const server = new DevServer({
    host: args.host,
    port: args.port ?? 8787,
    mapper: new StackMapper(build.root, join(build.serverDir, 'index.js'), build.sourceMapFile),
    upstream: () => wrangler.url,
    problem: () => problem ?? wranglerProblem,
  });

  const report = (result: DevBuildResult): void => {
    problem = result.ok ? undefined : result.problem;
    if (!result.ok) console.error(describe(result.problem));
    else for (const broken of result.broken) console.error(`${describe(broken)}\n  (only the routes that import ${broken.file} show this error)`);
  };

  const first = await build.build({ copyPublic: true });
  report(first);
  if (existsSync(join(root, 'dist/server/wrangler.json'))) {
    seedKv(root, persistTo, wranglerBin);
    if (existsSync(join(root, 'dist/server/index.js'))) await startWrangler();
  }
  const origin = await server.listen();
  console.log(`edgepress dev: ${origin}${build.basePath} (workerd; edits reload the page)`);

  // One rebuild at a time; changes that arrive meanwhile make one more.
  let pending = new Set<string>();
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const apply = async (changed: Set<string>): Promise<void> => {
    const started = performance.now();
    const files = [...changed];
    const publicOnly = files.every((f) => f.startsWith('public/'));
    const bindings = files.some((f) => BINDINGS.test(f));
    if (publicOnly && files.every((f) => f.endsWith('.css') && existsSync(join(root, f)))) {
      // wrangler serves the new file once it has reloaded its assets.
      const assetsReloaded = wrangler.url ? wrangler.reloaded(3_000) : undefined;
      build.copyPublic();
      await assetsReloaded;
      for (const file of files) server.reload(`${build.basePath}${file.slice('public/'.length)}`);
      console.log(`edgepress: ${files.join(', ')} swapped in ${Math.round(performance.now() - started)} ms`);
      return;
    }
    const reloaded = wrangler.url && !bindings ? wrangler.reloaded() : undefined;
    const result = await build.build({ copyPublic: files.some((f) => f.startsWith('public/')) });
    report(result);
    if (result.ok) {
      if (bindings || !wrangler.url) await startWrangler();
      else await reloaded;
    }
    server.reload();
    const total = Math.round(performance.now() - started);
    if (result.ok) console.log(`edgepress: rebuilt in ${Math.round(result.ms)} ms, pages reloaded ${total} ms after the change`);
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return;
      const batch = pending;
      pending = new Set();
      running = apply(batch)
        .catch((error: unknown) => console.error('edgepress:', error))
        .finally(() => {
          running = undefined;
          if (pending.size > 0) schedule();
        });
    }, 20);
  };
  const sources = MODULE_EXT === '.ts' ? [frameworkPath('src'), frameworkPath('adapters')] : [];
  const watcher = watch([root, ...sources], {
    ignoreInitial: true,
    ignored: (path: string) => {
      const rel = relative(root, path).split(sep).join('/');
      return !rel.startsWith('..') && IGNORED.test(rel);
    },
  });
  watcher.on('all', (_event, path) => {
    const rel = relative(root, path).split(sep).join('/');
    pending.add(rel.startsWith('..') ? 'framework' : rel);
    schedule();
  });

  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (): Promise<void> => {
      if (stopping) return;
      stopping = true;
      await watcher.close();
      await Promise.allSettled([wrangler.stop(), server.close(), build.dispose()]);
      resolve(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}

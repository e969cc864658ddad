/**
 * `edgepress dev`: renders every route per request in one long-lived workerd (Miniflare, whatever
 * the adapter), behind a dev server that reloads pages after each rebuild and shows errors in the
 * browser. Rebuilds are incremental (an esbuild context), start from a chokidar watcher, and are
 * evaluated in the running worker; workerd restarts only when its configuration changes.
 */
import { watch } from 'chokidar';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { frameworkPath, MODULE_EXT } from '../build/framework-paths.ts';
import { importPeer } from '../build/peers.ts';
import { DevBuild, type DevBuildResult, type DevProblem } from '../dev/dev-build.ts';
import { DevServer } from '../dev/dev-server.ts';
import { StackMapper } from '../dev/stack-map.ts';
import type { CliArgs } from './args.ts';

/** How long chokidar ignores further changes of a file after reporting one (its `_throttle('change', path, 50)`). */
const CHANGE_THROTTLE_MS = 50;

/** Folders whose changes never reach the site. */
const IGNORED = /^(node_modules|dist|\.wrangler|\.git|\.vercel|\.netlify|test|tests|coverage|seed)(\/|$)/;

function describe(problem: DevProblem): string {
  return `edgepress: ${problem.message}${problem.hint ? `\n  ${problem.hint}` : ''}`;
}

/** Every file under `dir`, relative to it. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath?: string; path?: string }>)
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path ?? dir, entry.name)))
    .sort();
}

/** A file's size and modification time ('' when it is gone). */
function stamp(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return '';
  }
}

/** Runs the dev server until interrupted; returns the exit code. */
export async function dev(args: CliArgs): Promise<number> {
  const root = args.root;
  const { DevRuntime, LoadError } = await importPeer({ name: 'miniflare', install: 'wrangler', purpose: 'edgepress dev (it runs the site in workerd)' }, () => import('../dev/dev-runtime.ts'));
  const build = new DevBuild(root);
  const mapper = new StackMapper(build.root, build.bundleFiles);
  const runtime = new DevRuntime((text) => mapper.mapText(text));
  let problem: DevProblem | undefined;
  let runtimeProblem: DevProblem | undefined;
  let assets: string[] | undefined;
  let started = false;
  /** Set while a rebuild runs. */
  let rebuilding: Promise<void> | undefined;

  /** Runs a good build in workerd; a failure is shown on every page until a change fixes it. */
  const run = async (result: Extract<DevBuildResult, { ok: true }>): Promise<void> => {
    // Listed each time: a build writes files there too (client islands, under new names when they change).
    assets = listFiles(build.clientDir);
    try {
      const restarted = await runtime.run({ root, wrangler: result.wrangler, serverDir: build.serverDir, exports: result.exports, assets }, result.build);
      if (restarted && !started) await runtime.seedKv(root, (text) => console.log(text));
      if (restarted && started) console.log('edgepress: workerd restarted (its configuration changed)');
      started = true;
      runtimeProblem = undefined;
    } catch (error) {
      runtimeProblem =
        error instanceof LoadError
          ? { name: error.error.name, message: error.error.message, stack: error.error.stack, hint: 'The module threw while it was evaluated. Fix it and save: the dev server rebuilds and reloads the page.' }
          : {
              name: 'WorkerdError',
              message: (error as Error).message.replace(/\x1b\[[0-9;]*m/g, ''),
              hint: 'Fix the wrangler config (or .dev.vars) and save: edgepress dev starts workerd again.',
            };
      console.error(describe(runtimeProblem));
    }
  };
  const server = new DevServer({
    host: args.host,
    port: args.port ?? 8787,
    mapper,
    upstream: () => runtime.url,
    settled: () => rebuilding,
    problem: () => problem ?? runtimeProblem,
    staticFile: (path) => {
      let file: string;
      try {
        file = resolve(build.clientDir, `.${decodeURIComponent(path)}`);
      } catch {
        return false;
      }
      return file.startsWith(build.clientDir + sep) && existsSync(file) && statSync(file).isFile();
    },
  });

  const report = (result: DevBuildResult): void => {
    problem = result.ok ? undefined : result.problem;
    if (!result.ok) console.error(describe(result.problem));
    else for (const broken of result.broken) console.error(`${describe(broken)}\n  (only the routes that import ${broken.file} show this error)`);
  };

  const first = await build.build({ copyPublic: true });
  report(first);
  if (first.ok) await run(first);
  const origin = await server.listen();

  // One rebuild at a time; changes that arrive meanwhile make one more.
  let pending = new Set<string>();
  /** Each changed file's stamp as the last rebuild of it saw it. */
  const built = new Map<string, string>();
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const apply = async (changed: Set<string>): Promise<void> => {
    const startedAt = performance.now();
    const files = [...changed];
    // A save seen while it was still being written (a truncated file) is built again once it is whole.
    const before = files.map((f) => stamp(join(root, f)));
    files.forEach((f, i) => built.set(f, before[i]!));
    const settle = (): void => {
      files.forEach((f, i) => {
        if (stamp(join(root, f)) !== before[i]) pending.add(f);
      });
      // chokidar drops a file's change events for 50 ms after one it reported: a second save in
      // that window (a formatter's, or the next edit after a fast rebuild) is found by looking again.
      setTimeout(() => {
        const missed = files.filter((f) => !pending.has(f) && stamp(join(root, f)) !== built.get(f));
        if (missed.length === 0 || stopped) return;
        for (const f of missed) pending.add(f);
        schedule();
      }, Math.max(0, CHANGE_THROTTLE_MS - (performance.now() - startedAt)) + 5).unref();
    };
    const publicChanged = files.some((f) => f.startsWith('public/'));
    if (files.every((f) => f.startsWith('public/') && f.endsWith('.css') && existsSync(join(root, f))) && runtime.url) {
      // The worker's static files are read from disk per request: a changed stylesheet is swapped in place.
      build.copyPublic();
      if (listFiles(build.clientDir).join('\n') === assets?.join('\n')) {
        settle();
        for (const file of files) server.reload(`${build.basePath}${file.slice('public/'.length)}`);
        console.log(`edgepress: ${files.join(', ')} swapped in ${Math.round(performance.now() - startedAt)} ms`);
        return;
      }
    }
    // Imported stylesheets only (the site built before): written again under the same names, swapped in open pages.
    if (!problem && runtime.url && files.every((f) => f.endsWith('.css') && !f.startsWith('public/') && existsSync(join(root, f)))) {
      const styles = await build.rebuildStyles();
      if (!styles.ok) {
        problem = styles.problem;
        console.error(describe(styles.problem));
        settle();
        return server.reload();
      }
      // The worker reads static files from disk per request; a new file (a url() asset) needs the runtime told.
      if (listFiles(build.clientDir).join('\n') === assets?.join('\n')) {
        settle();
        if (styles.changed.length > 0) server.swapStyles(styles.changed);
        console.log(`edgepress: ${styles.changed.join(', ') || 'no stylesheet'} swapped in ${Math.round(performance.now() - startedAt)} ms`);
        return;
      }
    }
    // Pages reload now and their requests wait for the new code: the browser's part of a reload
    // runs while the site rebuilds.
    let done!: () => void;
    rebuilding = new Promise<void>((resolve) => (done = resolve));
    server.reload();
    let result: DevBuildResult;
    let loadMs = 0;
    try {
      result = await build.build({ copyPublic: publicChanged, changed: files });
      report(result);
      const loadStarted = performance.now();
      if (result.ok) await run(result);
      loadMs = performance.now() - loadStarted;
    } finally {
      settle();
      rebuilding = undefined;
      done();
    }
    const total = Math.round(performance.now() - startedAt);
    if (result.ok) console.log(`edgepress: rebuilt in ${Math.round(result.ms)} ms, loaded in ${Math.round(loadMs)} ms, new code served ${total} ms after the change`);
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
    }, 5);
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
  // Said once the watcher has read the folders: an edit made right after is seen.
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  console.log(`edgepress dev: ${origin}${build.basePath} (workerd; edits reload the page)`);

  return new Promise((resolve) => {
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      await watcher.close();
      await Promise.allSettled([runtime.dispose(), server.close(), build.dispose()]);
      resolve(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}

/**
 * `edgepress build` in a worker thread. A main thread's heap limits are fixed when Node starts,
 * and V8 lets its young generation grow to ~48 MB while a large site's pages are listed and
 * written; a thread's are set here (`resourceLimits`), which keeps a 20,000-page build ~25 MB
 * smaller at no cost in time. The main thread only waits for the exit code.
 *
 * On by default where the framework runs compiled (installed from npm). From source (this
 * repository, through tsx) the thread would load a second TypeScript loader, more than it saves:
 * the build stays on the main thread unless EDGEPRESS_BUILD_THREAD=1. EDGEPRESS_BUILD_THREAD=0
 * turns it off.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { MODULE_EXT } from '../build/framework-paths.ts';

/** The build thread's young generation, in MB: its garbage is small (pages are written as they render), and a larger one only holds more of it. */
const YOUNG_MB = 12;

/** Whether `edgepress build` runs in a thread here. */
export function buildsInThread(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!isMainThread) return false;
  const wanted = env.EDGEPRESS_BUILD_THREAD;
  return wanted === '1' || (wanted !== '0' && MODULE_EXT === '.js');
}

/** Runs the CLI's `argv` (a build) in a worker thread; resolves with its exit code. */
export function buildInThread(argv: string[]): Promise<number> {
  // From source, the thread registers the TypeScript loader first, as bin/edgepress.js does.
  const loader = MODULE_EXT === '.ts' ? `(await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register(); ` : '';
  const worker = new Worker(`${loader}await import(${JSON.stringify(import.meta.url)});`, {
    eval: true,
    workerData: { edgepressBuild: argv },
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
  return new Promise((resolve, reject) => {
    let code: number | undefined;
    worker.on('message', (value: number) => (code = value));
    worker.on('error', reject);
    worker.on('exit', (exit) => resolve(code ?? (exit || 1)));
  });
}

/** In the thread: the CLI's build. Not awaited at the module's top: main.ts imports this module again. */
async function buildHere(argv: string[]): Promise<void> {
  const { main } = await import('./main.ts');
  parentPort!.postMessage(await main(argv));
}

const start = workerData as { edgepressBuild?: string[] } | null;
if (!isMainThread && parentPort && Array.isArray(start?.edgepressBuild)) void buildHere(start.edgepressBuild);

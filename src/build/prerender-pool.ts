/**
 * Who renders the pages: worker threads (one per core the build may use, each loading the
 * prerender bundle once), or the main thread when there are few pages or the build's bindings
 * are live. Pages go out in small batches and each renderer holds at most two, so memory stays
 * bounded whatever the page count; the first failure stops the build.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BuildError } from './build-error.ts';
import { installDataProbe } from './data-probe.ts';
import { fileWriter, renderPage, type PageJob, type PrerenderModule, type WrittenPage } from './prerender-page.ts';
import type { PageOutcome, WorkerFailure, WorkerReply, WorkerStart } from './prerender-worker.ts';

export type NumberedJob = PageJob & { id: number };

/** A thread that renders batches of pages. */
export interface PageRenderer {
  run(jobs: NumberedJob[]): Promise<PageOutcome[]>;
  close(): Promise<void>;
}

/** Pages per batch sent to a thread: enough to make a message cheap beside the renders. */
const BATCH = 32;
/** A thread's young generation (V8's default is several times larger): its garbage is small pages, and 20,000 of them peaked ~30 MB higher without the cap. */
const YOUNG_MB = 8;
/** Batches a renderer holds at once (one rendering, one waiting). */
const IN_FLIGHT = 2;
/**
 * Pages per worker thread: below this, a thread's start (the worker's code bundled, Node, then the
 * site's bundle: 100-150 ms here) costs more than the pages it takes off the main thread (the bench
 * site renders ~1,000 pages in 60 ms; measured with 1,002 pages: no gain with a thread).
 */
export const PAGES_PER_THREAD = 1000;

/** Worker threads for `pages` pages beside the main thread: one per other core, one per PAGES_PER_THREAD pages beyond the first; EDGEPRESS_PRERENDER_THREADS=N says how many. */
export function threadCount(pages: number, cores = availableParallelism()): number {
  const wanted = process.env.EDGEPRESS_PRERENDER_THREADS;
  if (wanted !== undefined && wanted !== '') return pages > 0 ? Math.max(0, Math.floor(Number(wanted)) || 0) : 0;
  return Math.max(0, Math.min(cores - 1, Math.floor(pages / PAGES_PER_THREAD) - 1));
}

function toError(failure: WorkerFailure): Error {
  if ('file' in failure) return new BuildError(failure.file, failure.message);
  const error = new Error(failure.message);
  error.name = failure.name;
  error.stack = failure.stack;
  return error;
}

/** Starts `count` worker threads running `workerFile` (the bundled prerender-worker.ts); resolves once each has loaded the bundle. */
export async function startThreads(count: number, workerFile: string, start: WorkerStart, written: Written): Promise<PageRenderer[]> {
  const threads = Array.from({ length: count }, () => threadRenderer(workerFile, start, written));
  try {
    await Promise.all(threads.map((t) => t.ready));
  } catch (error) {
    await Promise.all(threads.map((t) => t.close()));
    throw error;
  }
  return threads;
}

/** Told each page's size and ETag once written (for the asset manifest). */
export type Written = (file: string, page: WrittenPage) => void;

function threadRenderer(workerFile: string, start: WorkerStart, written: Written): PageRenderer & { ready: Promise<void> } {
  const open = fileWriter(start.setting.siteDir, written);
  // The worker file is plain bundled JS: no loader (tsx) needed in the thread. EDGEPRESS_PRERENDER_PROF=DIR profiles each thread (bench/README.md).
  const worker = new Worker(workerFile, { workerData: start, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB }, execArgv: process.env.EDGEPRESS_PRERENDER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.EDGEPRESS_PRERENDER_PROF] : [] });
  const pending = new Map<number, { jobs: NumberedJob[]; resolve: (o: PageOutcome[]) => void; reject: (e: Error) => void }>();
  let batches = 0;
  let failed: Error | undefined;
  let readyResolve!: () => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  const fail = (error: Error): void => {
    failed ??= error;
    readyReject(failed);
    for (const { reject } of pending.values()) reject(failed);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    if ('ready' in reply) readyResolve();
    else if ('failure' in reply) fail(toError(reply.failure));
    else {
      const waiting = pending.get(reply.batch);
      pending.delete(reply.batch);
      try {
        // This thread writes what the worker rendered; the bytes are dropped once written.
        waiting?.jobs.forEach((job, i) => {
          const outcome = reply.outcomes[i]!;
          const writer = open(start.routes[job.route]!, job.file);
          try {
            writer.write(outcome.body!);
          } finally {
            writer.end();
          }
          delete outcome.body;
        });
        waiting?.resolve(reply.outcomes);
      } catch (error) {
        fail(error as Error);
        waiting?.reject(failed!);
      }
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`a prerender thread stopped (exit code ${code})`)));
  return {
    ready,
    run(jobs) {
      if (failed) return Promise.reject(failed);
      const batch = batches++;
      return new Promise((resolve, reject) => {
        pending.set(batch, { jobs, resolve, reject });
        worker.postMessage({ batch, jobs });
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/** The main thread as a renderer (bindings a thread cannot share, or too few pages for threads). */
export function mainThreadRenderer(mod: PrerenderModule, start: Omit<WorkerStart, 'bundlePath'>, env: unknown, written: Written): PageRenderer {
  const probe = installDataProbe();
  const open = fileWriter(start.setting.siteDir, written);
  return {
    async run(jobs) {
      // One page at a time: this thread also writes what the workers render, and a page in flight is memory.
      const outcomes: PageOutcome[] = [];
      for (const job of jobs) {
        const { value, read } = await probe.watch(() => renderPage(mod, start.routes[job.route]!, job, start.setting, env, open));
        outcomes.push(value ? { warning: value, read } : { read });
      }
      // Renders and sync writes settle in microtasks: yield, so the threads' messages are heard between batches.
      await new Promise((resolve) => setImmediate(resolve));
      return outcomes;
    },
    close: async () => probe.dispose(),
  };
}

/** Renders every job with `renderers`, at most IN_FLIGHT batches each; `done` gets each page's outcome. */
export async function renderAll(jobs: readonly NumberedJob[], renderers: PageRenderer[], done: (job: NumberedJob, outcome: PageOutcome) => void): Promise<void> {
  let next = 0;
  let stop = false;
  const feed = async (renderer: PageRenderer): Promise<void> => {
    while (!stop && next < jobs.length) {
      const batch = jobs.slice(next, next + BATCH);
      next += batch.length;
      let outcomes: PageOutcome[];
      try {
        outcomes = await renderer.run(batch);
      } catch (error) {
        stop = true;
        throw error;
      }
      batch.forEach((job, i) => done(job, outcomes[i]!));
    }
  };
  await Promise.all(renderers.flatMap((renderer) => Array.from({ length: IN_FLIGHT }, () => feed(renderer))));
}

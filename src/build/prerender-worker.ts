/**
 * A prerender worker thread: loads the prerender bundle once, then renders the batches of pages
 * the main thread sends and writes them (src/build/prerender-pool.ts). Bundled by the build into
 * its scratch folder, so it runs in plain Node whatever loads the build (tsx, vitest, lib/).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { RouteEntry } from '../manifest.ts';
import { BuildError } from './build-error.ts';
import { installDataProbe } from './data-probe.ts';
import { renderPage, type PageJob, type PageSetting, type PageWriter, type PrerenderModule } from './prerender-page.ts';

/** What the main thread gives a worker at its start. */
export interface WorkerStart {
  bundlePath: string;
  routes: Record<string, RouteEntry>;
  setting: PageSetting;
}

/** A page's outcome: a warning (a redirect) and whether it read data while rendering; from a thread, its bytes. */
export interface PageOutcome {
  warning?: string;
  read: boolean;
  body?: Uint8Array;
}

/** A failure, as it crosses back: a BuildError's file and message, or any error's text. */
export type WorkerFailure = { file: string; message: string } | { name: string; message: string; stack?: string };

export type WorkerRequest = { batch: number; jobs: Array<PageJob & { id: number }> };
export type WorkerReply = { ready: true } | { batch: number; outcomes: PageOutcome[] } | { failure: WorkerFailure };

/** A failure as plain data for postMessage. */
export function failureOf(error: unknown): WorkerFailure {
  if (error instanceof BuildError) return { file: error.file, message: error.message.slice(error.file.length + 2) };
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, stack: e.stack };
}

/** A writer that gathers a page's chunks into one buffer of its own. */
function collect(done: (bytes: Uint8Array) => void): PageWriter {
  const chunks: Uint8Array[] = [];
  return {
    write: (chunk) => void chunks.push(chunk),
    end() {
      const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      done(bytes);
    },
  };
}

async function main(): Promise<void> {
  const port = parentPort!;
  const start = workerData as WorkerStart;
  let mod: PrerenderModule;
  try {
    mod = (await import(pathToFileURL(start.bundlePath).href)) as PrerenderModule;
  } catch (error) {
    port.postMessage({ failure: failureOf(error) } satisfies WorkerReply);
    return;
  }
  const probe = installDataProbe();
  port.on('message', (request: WorkerRequest) => {
    Promise.all(
      request.jobs.map(async (job): Promise<PageOutcome> => {
        let body: Uint8Array | undefined;
        const { value, read } = await probe.watch(() => renderPage(mod, start.routes[job.route]!, job, start.setting, undefined, () => collect((bytes) => (body = bytes))));
        return { ...(value ? { warning: value } : {}), read, body };
      }),
    ).then(
      // The pages' bytes move to the main thread, which writes them (transferred, not copied).
      (outcomes) => port.postMessage({ batch: request.batch, outcomes } satisfies WorkerReply, outcomes.flatMap((o) => (o.body ? [o.body.buffer as ArrayBuffer] : []))),
      (error: unknown) => port.postMessage({ failure: failureOf(error) } satisfies WorkerReply),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}

await main();

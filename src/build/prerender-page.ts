/**
 * One prerendered page: the route's response through the handler in prerendering mode, handed
 * chunk by chunk to a writer as it is read: on the main thread the page's file, on a worker
 * thread a buffer the main thread writes (one writer: creating thousands of files in one folder
 * from two threads is slower than from one, they wait on the folder's lock).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModuleLoader, RouteEntry } from '../manifest.ts';
import type { Params } from '../runtime/context.ts';
import type { Prerenderer } from '../runtime/handler.ts';
import { PrerenderRequestDataError } from '../runtime/errors.ts';
import { etagOf } from './etag.ts';
import { BuildError } from './build-error.ts';

/** What the prerender bundle exports (see `prerenderEntrySource`). */
export interface PrerenderModule {
  handler: Prerenderer;
  modules: ModuleLoader;
}

/** A page to render: plain data, so it crosses to a worker thread. */
export interface PageJob {
  /** The route's file (its module id). */
  route: string;
  /** The page's path ('/blog/a'), base excluded. */
  path: string;
  /** The file to write, relative to the site folder ('/blog/a/index.html'). */
  file: string;
  params: Params;
  props: Record<string, unknown>;
  /** A 404/500 page: its status is its own. */
  errorPage: boolean;
}

/** Where and how pages are rendered; the same for every page of a build. */
export interface PageSetting {
  /** `site` (or http://localhost) plus the base path without its last '/'. */
  origin: string;
  trailingSlash: 'always' | 'never' | 'ignore';
  /** dist/client plus the base path. */
  siteDir: string;
}

/** Request-only data is refused while prerendering: reading headers throws, naming the route. */
function prerenderRequest(url: string, route: RouteEntry): Request {
  const request = new Request(url);
  Object.defineProperty(request, 'headers', {
    get() {
      throw new PrerenderRequestDataError('request.headers', route.file);
    },
  });
  return request;
}

/** The page a redirect is written as. */
function refreshPage(location: string): Uint8Array {
  const escaped = location.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return new TextEncoder().encode(
    `<!doctype html><title>Redirecting to ${escaped}</title><meta http-equiv="refresh" content="0;url=${escaped}"><a href="${escaped}">${escaped}</a>`,
  );
}

/** Where a page's bytes go. */
export interface PageWriter {
  write(chunk: Uint8Array): void;
  end(): void;
}

const OVERWRITE = constants.O_RDWR | constants.O_CREAT;

/** What a written page is to the asset manifest: its size and ETag (asset-manifest.ts's, from the bytes as written). */
export interface WrittenPage {
  size: number;
  etag: string;
}

/**
 * Opens `file` under `siteDir` for writing (its folder made when missing; most are there on a
 * rebuild); a path taken by a file or folder is a BuildError naming the route. `written` gets the
 * page's size and ETag once it is closed.
 */
export function fileWriter(siteDir: string, written?: (file: string, page: WrittenPage) => void): (route: RouteEntry, file: string) => PageWriter {
  return (route, file) => {
    const full = join(siteDir, file);
    let fd: number;
    try {
      // Written over in place and cut to length after, not truncated first: freeing a file's blocks
      // and taking new ones is most of what writing over 20,000 pages costs.
      try {
        fd = openSync(full, OVERWRITE, 0o666);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(dirname(full), { recursive: true });
        fd = openSync(full, OVERWRITE, 0o666);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new BuildError(
        route.file,
        `cannot write ${file.slice(1)} (${code}): another route or a file in public/ already uses that path as a ${code === 'EISDIR' ? 'folder' : 'file'}; rename one of them.`,
      );
    }
    const hash = written ? createHash('sha256') : undefined;
    let size = 0;
    return {
      write(chunk) {
        writeSync(fd, chunk, 0, chunk.length, size);
        hash?.update(chunk);
        size += chunk.length;
      },
      end() {
        ftruncateSync(fd, size);
        closeSync(fd);
        if (hash) written!(file, { size, etag: etagOf(hash) });
      },
    };
  };
}

/** Renders `job` into the writer `open` gives; returns a warning when the page was a redirect. */
export async function renderPage(
  mod: PrerenderModule,
  route: RouteEntry,
  job: PageJob,
  setting: PageSetting,
  env: unknown,
  open: (route: RouteEntry, file: string) => PageWriter,
): Promise<string | undefined> {
  const urlPath = setting.trailingSlash === 'always' && !route.isFile && route.kind === 'page' && job.path !== '/' ? job.path + '/' : job.path;
  const failed = (error: unknown): BuildError => {
    if (error instanceof BuildError) return error;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new BuildError(route.file, `failed to prerender ${job.path}: ${message}`);
  };
  let response: Response;
  try {
    response = await mod.handler.render(prerenderRequest(setting.origin + urlPath, route), route, job.params, job.props, env);
  } catch (error) {
    throw failed(error);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    const writer = open(route, job.file);
    try {
      writer.write(refreshPage(response.headers.get('location') ?? '/'));
    } finally {
      writer.end();
    }
    return `${route.file}: ${job.path} redirects (${response.status}); written as a meta-refresh page.`;
  }
  if (response.status !== 200 && !job.errorPage) {
    await response.body?.cancel();
    throw new BuildError(
      route.file,
      `prerendering ${job.path} answered ${response.status}; a prerendered route must answer 200 (or a redirect). Make it on demand with \`export const prerender = false\` to vary the status per request.`,
    );
  }
  // The body goes out chunk by chunk as the renderer yields it.
  const reader = response.body?.getReader();
  const writer = open(route, job.file);
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array> | undefined;
      try {
        chunk = await reader?.read();
      } catch (error) {
        throw failed(error);
      }
      if (!chunk || chunk.done) break;
      writer.write(chunk.value);
    }
  } finally {
    writer.end();
  }
  return undefined;
}

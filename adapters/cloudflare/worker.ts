/** The module worker's default export, shared by both Cloudflare entries: `fetch(request, env, ctx)`, and the site's own handlers. */
import type { FetchHandler } from '../../src/runtime/handler.ts';
import type { EnvSupport } from '../../src/runtime/env/setup.ts';

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** Hands Workers' request, env and ExecutionContext to `handler`; the client address is read only if asked for. */
export function workerExport<Env>(handler: FetchHandler): ExportedHandler<Env> {
  return {
    fetch(request, env, ctx: ExecutionContext) {
      return handler.fetch(request as unknown as Request, env, {
        waitUntil: (promise) => ctx.waitUntil(promise),
        passThroughOnException: () => ctx.passThroughOnException(),
        get clientAddress() {
          return request.headers.get('cf-connecting-ip') ?? '127.0.0.1';
        },
      }) as unknown as ReturnType<ExportedHandlerFetchHandler<Env>>;
    },
  };
}

/** The Worker handlers a site's worker.ts may add beside edgepress's fetch (the build checks the same list). */
const SITE_HANDLERS = ['scheduled', 'queue', 'email', 'tail'] as const;

/**
 * The worker's default export: edgepress's `fetch` plus the `scheduled`, `queue`, `email` and
 * `tail` handlers of the site's worker.ts default export (`site`), called with the same env.
 * In development (`dev`), `GET /__scheduled?cron=...` runs `scheduled()` as wrangler dev's
 * `--test-scheduled` does. With `siteEnv` (env.schema) the handlers get its parsed env.
 */
export function withSiteWorker<Env>(entry: ExportedHandler<Env>, site: unknown, dev = false, siteEnv?: EnvSupport): ExportedHandler<Env> {
  if (site === undefined || site === null) return entry;
  const handlers = site as Record<string, unknown>;
  if (typeof handlers.fetch === 'function') throw new TypeError('worker.ts: the default export defines fetch; edgepress answers requests (use routes/_middleware.ts).');
  const merged: Record<string, unknown> = { ...entry };
  for (const name of SITE_HANDLERS) {
    const handler = handlers[name];
    if (typeof handler === 'function') merged[name] = (event: unknown, env: Env, ctx: unknown) => handler.call(site, event, siteEnv ? siteEnv.forHandler(env) : env, ctx);
  }
  if (dev && typeof merged.scheduled === 'function') merged.fetch = testScheduled(entry.fetch!, merged.scheduled as ScheduledHandler<Env>);
  return merged as ExportedHandler<Env>;
}

type ScheduledHandler<Env> = (controller: unknown, env: Env, ctx: unknown) => unknown;

/** `fetch` that answers `/__scheduled?cron=...&time=...` by running `scheduled` (development only). */
function testScheduled<Env>(fetch: ExportedHandlerFetchHandler<Env>, scheduled: ScheduledHandler<Env>): ExportedHandlerFetchHandler<Env> {
  return async (request, env, ctx) => {
    const url = new URL(request.url);
    if (url.pathname !== '/__scheduled') return fetch(request, env, ctx);
    const cron = url.searchParams.get('cron') ?? '';
    const time = Number(url.searchParams.get('time') ?? Date.now());
    await scheduled({ cron, scheduledTime: time, type: 'scheduled', noRetry() {} }, env, ctx);
    return new Response(`Ran scheduled event (cron: ${cron})\n`, { headers: { 'content-type': 'text/plain; charset=utf-8' } }) as unknown as ReturnType<ExportedHandlerFetchHandler<Env>>;
  };
}

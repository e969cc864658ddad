/** The module worker's default export, shared by both Cloudflare entries: `fetch(request, env, ctx)`. */
import type { FetchHandler } from '../../src/runtime/handler.ts';

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

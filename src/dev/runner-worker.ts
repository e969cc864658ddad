/**
 * The worker `edgepress dev` keeps running in workerd: it takes each new build of the site's
 * server code and evaluates it in place, so an edit needs no workerd restart.
 *
 * A build comes in two parts (vendor-split.ts): the vendor bundle (the framework and packages),
 * sent when it changes, whose function the runner keeps; and the site's own modules, sent on
 * each save. Each load calls the vendor function again (fresh module state, code V8 has already
 * compiled) and evaluates the site's code with the vendor's modules.
 *
 * The code is evaluated with workerd's UnsafeEval binding inside a Durable Object (the runner):
 * a Durable Object has one I/O context for its whole life, so what the site's module creates at
 * its top level is not tied to the request that happened to load it (workers-sdk#9518). The
 * site's handler then runs in each request's own context, as in production. Requests that come
 * while a build is being evaluated wait for it. Module state of the previous build is dropped.
 *
 * Loads come from the dev server only: a request carrying the token made for this process.
 */

import { DEV_ERROR_HEADER } from '../runtime/dev-error.ts';

/** The header that carries the load token; the dev server never forwards it from a client. */
export const LOAD_HEADER = 'x-edgepress-dev-load';

/** Bindings the runner adds; the site's code never sees them in its `env`. */
export const RUNNER_BINDINGS = { eval: '__EDGEPRESS_EVAL', runner: '__EDGEPRESS_RUNNER' } as const;
export const RUNNER_CLASS = '__EdgepressRunner';

/** How a build reaches the runner: the body is the code; these say the rest. */
export interface LoadHeaders {
  /** 'vendor': the vendor bundle, kept for the site loads that name it; 'site': the site's code, evaluated now. */
  kind: 'vendor' | 'site';
  /** The vendor bundle's id: the one sent, or the one the site's code reads. */
  vendor: string;
  /** The file name stacks show (the bundle on disk, which the source map belongs to). */
  file: string;
  /** The platform modules the code asks for through `__edgepress_import` (node:*, cloudflare:*). */
  modules: string[];
}

/** The runner's answer to a site load naming a vendor bundle it does not hold (workerd restarted): send the vendor bundle first. */
export const VENDOR_MISSING = 409;

/**
 * The runner worker's source. `classes` are the site's own Durable Object and workflow classes
 * (from its wrangler config): each has a stand-in here that makes the current build's class on
 * its first event (and again after a new build); a Durable Object keeps its storage.
 */
export function runnerWorkerSource(token: string, classes: { durableObjects: string[]; workflows: string[] }): string {
  const objects = classes.durableObjects
    .map(
      (name) => `export class ${name} extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    let built;
    let instance;
    // The current build's object (made again after a new build; the storage is the same).
    this[SITE] = async () => {
      await ready();
      if (!current.exports.${name}) throw new Error('the site does not export the Durable Object class ${name} (worker.ts)');
      if (built !== current) {
        built = current;
        instance = new current.exports.${name}(ctx, siteEnv(env));
      }
      return instance;
    };
    // RPC methods (stub.increment()) are the site's: any other name is looked up on its object.
    return new Proxy(this, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (value !== undefined || typeof key === 'symbol' || key === 'then' || key === 'self') return value;
        return async (...args) => {
          const site = await target[SITE]();
          if (typeof site[key] !== 'function') throw new TypeError('${name} has no method ' + key);
          return site[key](...args);
        };
      },
    });
  }
  async fetch(request) { return (await this[SITE]()).fetch(request); }
  async alarm(info) { return (await this[SITE]()).alarm?.(info); }
  async webSocketMessage(ws, message) { return (await this[SITE]()).webSocketMessage?.(ws, message); }
  async webSocketClose(ws, code, reason, clean) { return (await this[SITE]()).webSocketClose?.(ws, code, reason, clean); }
  async webSocketError(ws, error) { return (await this[SITE]()).webSocketError?.(ws, error); }
}
`,
    )
    .join('');
  const workflows = classes.workflows
    .map(
      (name) => `export class ${name} extends WorkflowEntrypoint {
  async run(event, step) {
    await ready();
    if (!current.exports.${name}) throw new Error('the site does not export the workflow class ${name} (worker.ts)');
    return new current.exports.${name}(this.ctx, siteEnv(this.env)).run(event, step);
  }
}
`,
    )
    .join('');
  const stubs = objects + workflows;
  return `import { DurableObject, WorkflowEntrypoint } from 'cloudflare:workers';
const TOKEN = ${JSON.stringify(token)};
const LOAD_HEADER = ${JSON.stringify(LOAD_HEADER)};
const SITE = Symbol('site object');
/** { exports } of the build in use, or { error } when evaluating it threw. */
let current;
/** Settles when the load under way does. */
let loading;

function siteEnv(env) {
  const { ${RUNNER_BINDINGS.eval}: _eval, ${RUNNER_BINDINGS.runner}: _runner, ...rest } = env;
  return rest;
}

async function ready() {
  while (loading) await loading;
  if (!current) throw new Error('edgepress dev: no build of the site is loaded yet');
  if (current.error) throw current.error;
}

function described(error) {
  return { name: error?.name ?? 'Error', message: String(error?.message ?? error), stack: String(error?.stack ?? '') };
}

/** The vendor bundle's function, kept between loads: { id, run, modules }. */
let vendor;

/** The code's function; eval names the script (stacks say \`file\`), and the wrapper sits on the code's first line, so line numbers are the bundle's. */
function compile(eval_, code, file) {
  return eval_.eval('(async function (__edgepress_import) {' + code + '\\n})', file);
}

export class ${RUNNER_CLASS} extends DurableObject {
  async fetch(request) {
    const { kind, vendor: vendorId, file, modules } = JSON.parse(request.headers.get('x-edgepress-dev-build'));
    const code = await request.text();
    if (kind === 'vendor') {
      try {
        vendor = { id: vendorId, run: compile(this.env.${RUNNER_BINDINGS.eval}, code, file), modules };
        return new Response('kept');
      } catch (error) {
        return Response.json(described(error), { status: 500 });
      }
    }
    if (vendor?.id !== vendorId) return new Response('send the vendor bundle ' + vendorId + ' first', { status: ${VENDOR_MISSING} });
    let done;
    const previous = loading;
    loading = new Promise((resolve) => (done = resolve));
    await previous;
    try {
      const imported = {};
      for (const name of new Set([...vendor.modules, ...modules])) imported[name] = { ...(await import(name)), __esModule: true };
      const platform = (name) => imported[name];
      // The framework and packages afresh (module state is per load), then the site's code reading them.
      const registry = (await vendor.run(platform)).default;
      const run = compile(this.env.${RUNNER_BINDINGS.eval}, code, file);
      current = { exports: await run((name) => imported[name] ?? registry[name]) };
      return new Response('loaded');
    } catch (error) {
      current = { error };
      return Response.json(described(error), { status: 500 });
    } finally {
      loading = undefined;
      done();
    }
  }
}
${stubs}
export default {
  async fetch(request, env, ctx) {
    if (request.headers.get(LOAD_HEADER) !== null) {
      if (request.headers.get(LOAD_HEADER) !== TOKEN) return new Response('Forbidden', { status: 403 });
      const runner = env.${RUNNER_BINDINGS.runner};
      return runner.get(runner.idFromName('runner')).fetch(request);
    }
    try {
      await ready();
      return await current.exports.default.fetch(request, siteEnv(env), ctx);
    } catch (error) {
      // What the site's handler did not catch (or a build that failed to load): the dev server shows it.
      const info = { ...described(error), route: new URL(request.url).pathname };
      return new Response(info.name + ': ' + info.message, { status: 500, headers: { ${JSON.stringify(DEV_ERROR_HEADER)}: encodeURIComponent(JSON.stringify(info)) } });
    }
  },
  // The site's other handlers (worker.ts): cron, queues, email, tail.
  async scheduled(controller, env, ctx) { await ready(); return current.exports.default.scheduled?.(controller, siteEnv(env), ctx); },
  async queue(batch, env, ctx) { await ready(); return current.exports.default.queue?.(batch, siteEnv(env), ctx); },
  async email(message, env, ctx) { await ready(); return current.exports.default.email?.(message, siteEnv(env), ctx); },
  async tail(events, env, ctx) { await ready(); return current.exports.default.tail?.(events, siteEnv(env), ctx); },
};
`;
}

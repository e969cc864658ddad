/**
 * `cloudflare:workers` outside workerd (build time, in Node): prerendering and the start-up probe
 * import site modules that import it. Its `env` is the build's bindings (wrangler's platform
 * proxy, set with `setBuildEnv`; empty otherwise), and its base classes are plain classes, so a
 * module defining a Durable Object or a workflow loads; nothing of this reaches a Worker bundle.
 */
import type { Plugin } from 'esbuild';

const ENV_KEY = 'edgepress.buildEnv';

/** The module's source: a live `env` view of the build's bindings and the classes site code extends. */
export const CLOUDFLARE_WORKERS_SHIM = `const current = () => globalThis[Symbol.for(${JSON.stringify(ENV_KEY)})] ?? {};
export const env = new Proxy({}, {
  get: (_, name) => current()[name],
  has: (_, name) => name in current(),
  ownKeys: () => Reflect.ownKeys(current()),
  getOwnPropertyDescriptor: (_, name) => (name in current() ? { value: current()[name], enumerable: true, configurable: true } : undefined),
});
class Base { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }
export class DurableObject extends Base {}
export class WorkerEntrypoint extends Base {}
export class WorkflowEntrypoint extends Base {}
export class RpcTarget {}
export class RpcStub {}
export function waitUntil() {}
export default {};
`;

/** Makes `bindings` what `import { env } from 'cloudflare:workers'` reads at build time (undefined: none). */
export function setBuildEnv(bindings: Record<string, unknown> | undefined): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(ENV_KEY)] = bindings;
}

/** esbuild: `cloudflare:workers` (and any other `cloudflare:` module) becomes the shim. */
export function cloudflareShimPlugin(): Plugin {
  return {
    name: 'edgepress-cloudflare-shim',
    setup(build) {
      build.onResolve({ filter: /^cloudflare:/ }, (args) => ({ path: args.path, namespace: 'edgepress-cloudflare-shim' }));
      build.onLoad({ filter: /.*/, namespace: 'edgepress-cloudflare-shim' }, () => ({ contents: CLOUDFLARE_WORKERS_SHIM, loader: 'js' }));
    },
  };
}

/** A Node module-resolution hook (for `module.register`) serving the same shim to a built Worker evaluated in Node. */
export const CLOUDFLARE_SHIM_HOOKS = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('cloudflare:')) return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(CLOUDFLARE_WORKERS_SHIM)}), shortCircuit: true };
  return next(specifier, context);
}
`;

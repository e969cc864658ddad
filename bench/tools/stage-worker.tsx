/**
 * The worker bench/tools/stage-costs.ts runs in workerd: `/?stage=NAME&n=N` runs one request's
 * worth of stage NAME n times over (`/?names` lists them with the n to use) (the request path's own modules, from src/, on bench/site's
 * manifest and routes; JSX as runtime calls, not the build's precompile). Answers "ok".
 */
import { routeCache } from '../../adapters/cloudflare/entry.ts';
import { cacheSupport } from '../../src/runtime/cache/setup.ts';
import { workerExport } from '../../adapters/cloudflare/worker.ts';
import type { Manifest, RouteModule } from '../../src/manifest.ts';
import { RequestContext } from '../../src/runtime/context.ts';
import { beforeDeadline, Deadline } from '../../src/runtime/deadline.ts';
import { createHandler } from '../../src/runtime/handler.ts';
import { renderPage } from '../../src/runtime/page.ts';
import { routePath } from '../../src/runtime/paths.ts';
import { cacheStage } from '../../src/runtime/stages/cache.ts';
import { errorPages } from '../../src/runtime/stages/error-page.ts';
import { requestPolicy } from '../../src/runtime/stages/policy.ts';
import { uncached } from '../../src/runtime/stages/route.ts';
import type { RenderRoute } from '../../src/runtime/stages/render-route.ts';
import { readSite, sitePath, type Exchange } from '../../src/runtime/stages/site.ts';
import * as products from '../site/routes/products/[id].tsx';
import * as ssr from '../site/routes/ssr.tsx';

declare const MANIFEST: Manifest;
const manifest = MANIFEST;
const modules: Record<string, () => Promise<RouteModule>> = {
  'routes/ssr.tsx': async () => ssr as RouteModule,
  'routes/products/[id].tsx': async () => products as RouteModule,
};
const app = { manifest, modules, routeCache: cacheSupport(routeCache) };
const noop = (): void => {};
const ssrRoute = manifest.routes.find((r) => r.pattern === '/ssr')!;
const productRoute = manifest.routes.find((r) => r.pattern === '/products/[id]')!;

/** Made on the first request: workerd allows no Response (nor timers) at module top level. */
function setup() {
  const site = readSite(app, {});
  const cache = site.cache!;
  const ok = new Response('ok');
  const rendered = { response: ok, options: undefined, failed: () => false, startedAt: 0, session: false };
  const stubRender: RenderRoute = async () => rendered;
  const errors = errorPages(site, stubRender);
  return {
    cache,
    site,
    ok,
    errors,
    policy: requestPolicy(site),
    withCache: cacheStage(site, stubRender, errors, cache, uncached(stubRender, errors)),
    withoutCache: uncached(stubRender, errors),
    handler: workerExport(createHandler(app)),
  };
}
let made: ReturnType<typeof setup> | undefined;

function exchange(request: Request, url: URL): Exchange {
  return { request, url, env: {}, platform: undefined, deadline: undefined, rewrite: undefined };
}

function context(ex: Exchange, route = ssrRoute, params = {}): RequestContext {
  return new RequestContext({
    request: ex.request,
    url: ex.url,
    params,
    props: {},
    env: ex.env,
    platform: ex.platform,
    routePattern: route.pattern,
    site: manifest.site,
    prerendering: false,
    cache: made!.cache,
    locals: undefined,
    rewrite: (from, target) => Promise.reject(new Error(`no rewrite to ${String(target)}`)),
    sessions: undefined,
    session: undefined,
    csp: undefined,
    islands: undefined,
  });
}

/** One request's worth of a stage; `url` is the request's, parsed once per HTTP request (its cost is the 'url' line). */
type Stage = (request: Request, env: unknown, platform: ExecutionContext, url: URL) => unknown;

/** One request's worth of each stage. */
const STAGES: Record<string, Stage> = {
  none: () => undefined,
  deadline: () => beforeDeadline(new Deadline(made!.site.renderTimeoutMs), Promise.resolve(made!.ok), noop),
  policy: (request, _env, _platform, url) => made!.policy(exchange(request, url)),
  'url and site path': (request) => sitePath(new URL(request.url).pathname, made!.site.base),
  'route match /products/42': () => made!.site.matcher.match(routePath('/products/42')),
  'route match /ssr': () => made!.site.matcher.match(routePath('/ssr')),
  'ctx (new RequestContext)': (request, _env, _platform, url) => context(exchange(request, url)),
  'ctx.cookies get + set (with its ctx)': (request, _env, _platform, url) => {
    const ctx = context(exchange(request, url));
    const visits = (ctx.cookies.get('visits')?.number() || 0) + 1;
    ctx.cookies.set('visits', String(visits), { path: '/', httpOnly: true });
    return [...ctx.cookies.headers()];
  },
  'render /ssr (renderPage + body)': async (request, _env, _platform, url) => {
    const ctx = context(exchange(request, url));
    const res = await renderPage(ssr as RouteModule, ctx, { dev: false, onStreamError: noop });
    return res.arrayBuffer();
  },
  'render /products/42 (renderPage + body)': async (request, _env, _platform, url) => {
    const ctx = context(exchange(request, url), productRoute, { id: '42' });
    const res = await renderPage(products as RouteModule, ctx, { dev: false, onStreamError: noop });
    return res.arrayBuffer();
  },
  'cache stage, route without rule (minus render)': (request, env, _platform, url) => made!.withCache({ ...exchange(request, url), env }, productRoute, { id: '42' }),
  'no cache stage (render only)': (request, env, _platform, url) => made!.withoutCache({ ...exchange(request, url), env }, productRoute, { id: '42' }),
  'error page check of a 200': (request, _env, _platform, url) => made!.errors.reroute(exchange(request, url), made!.ok),
  'whole handler /ssr': async (request, env, platform) => (await made!.handler.fetch!(new Request(new URL('/ssr', request.url), { headers: { cookie: 'visits=41' } }) as never, env as never, platform)).arrayBuffer(),
  'whole handler /products/42': async (request, env, platform) => (await made!.handler.fetch!(new Request(new URL('/products/42', request.url)) as never, env as never, platform)).arrayBuffer(),
  'whole handler /products/old-42': async (request, env, platform) => (await made!.handler.fetch!(new Request(new URL('/products/old-42', request.url)) as never, env as never, platform)).arrayBuffer(),
};

export default {
  async fetch(request: Request, env: unknown, platform: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.searchParams.has('names')) return Response.json(Object.keys(STAGES).map((name) => [name, /^(render|whole)/.test(name) ? 50 : 1000]));
    const stage = STAGES[url.searchParams.get('stage') ?? 'none'];
    if (!stage) return new Response('no such stage', { status: 404 });
    made ??= setup();
    const n = Number(url.searchParams.get('n'));
    const probe = new Request(new URL('/ssr', request.url), { headers: { cookie: 'visits=41' } });
    const probeUrl = new URL(probe.url);
    for (let i = 0; i < n; i++) await stage(probe, env, platform, probeUrl);
    return new Response('ok');
  },
};

/** `ctx.rewrite()` / `next(path)`: the request a rewrite target stands for, on this origin only, and the chain so far. */
import type { RequestContext } from './context.ts';
import { RewriteError } from './errors.ts';
import { originPath } from './paths.ts';
import type { RewriteTarget } from './middleware.ts';

/** Rewrites in a row before it is called a loop even without a repeat. */
const MAX_REWRITES = 16;

/** The target's request and URL, and the chain of paths with it; throws RewriteError off-origin or on a loop. */
export function rewriteRequest(from: RequestContext, target: RewriteTarget, chainSoFar: readonly string[] | undefined): { request: Request; url: URL; chain: string[] } {
  // A path stays a path: '//evil.com' or '/\\evil.com' (a query value, say) is not read as another host.
  const path = target instanceof Request ? '' : String(target);
  const url = target instanceof Request ? new URL(target.url) : new URL(originPath(path), from.url);
  if (url.origin !== from.url.origin) {
    const written = target instanceof Request ? target.url : String(target);
    throw new RewriteError(`rewrite(${JSON.stringify(written)}): a rewrite stays on this origin (${from.url.origin}); use redirect() to send the visitor elsewhere.`);
  }
  const request = target instanceof Request ? target : new Request(url, from.request);
  const here = url.pathname + url.search;
  const chain = [...(chainSoFar ?? [from.url.pathname + from.url.search]), here];
  if (chain.indexOf(here) !== chain.length - 1 || chain.length > MAX_REWRITES) {
    throw new RewriteError(`rewrite loop: ${chain.join(' -> ')}. Make one of these routes answer without rewriting.`);
  }
  return { request, url, chain };
}

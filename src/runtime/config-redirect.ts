/** Answers a `redirects` entry of the config: its destination with the request's params filled in. */
import type { RedirectEntry } from '../manifest.ts';
import type { Params } from './context.ts';

/**
 * The redirect response. A destination on this site is always one path on this origin: params
 * are re-encoded segment by segment and slashes collapsed, so no param can make it `//host`
 * or `/\host`. Only an absolute URL written in the config leaves the site. The request's query
 * is kept when the destination has none (as Workers and Netlify `_redirects` do).
 */
export function configRedirect(request: Request, url: URL, entry: RedirectEntry, params: Params, base: string): Response {
  let target = '';
  for (const part of entry.to) {
    if (typeof part === 'string') {
      target += part;
      continue;
    }
    const value = params[part.param];
    if (value) target += part.rest ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
    // An empty rest param takes its slash with it: '/articles/[...slug]' with none is '/articles'.
    else if (part.rest && target.length > 1) target = target.replace(/\/$/, '');
  }
  const query = target.search(/[?#]/);
  let path = query === -1 ? target : target.slice(0, query);
  const rest = query === -1 ? '' : target.slice(query);
  if (entry.origin) path = path.replace(/\/{2,}/g, '/');
  else path = (base + path).replace(/[/\\]{2,}/g, '/');
  let location = (entry.origin ?? '') + path + rest;
  if (rest === '' && url.search) location += url.search;
  const read = request.method === 'GET' || request.method === 'HEAD';
  return new Response(null, { status: entry.status ?? (read ? 301 : 308), headers: { location } });
}

/**
 * CDN providers: the platform's CDN keeps the response, told by its own headers (stripped before
 * the browser sees them). Vercel: `Vercel-CDN-Cache-Control`, `Vercel-Cache-Tag`; Netlify:
 * `Netlify-CDN-Cache-Control`, `Netlify-Cache-Tag` (both honour the response's `Vary`).
 *
 * A CDN answers before the function runs, so it must never hand a visitor with a session a copy
 * made without one. Netlify keys its cache on the session cookie (`Netlify-Vary: cookie=<name>`):
 * visitors without it share the copy, each session gets its own (and a personal page is
 * `private`, never stored). Vercel cannot vary on one cookie (it stores nothing that varies on
 * `Cookie`), so a render that opened the session gets no CDN headers at all.
 */
import type { CacheProvider, CacheRule } from './types.ts';

function directives(rule: Required<CacheRule>): string {
  return `public, max-age=${rule.maxAge}${rule.swr > 0 ? `, stale-while-revalidate=${rule.swr}` : ''}`;
}

/** The CDN provider of `platform`. */
export function cdnCache(platform: 'vercel' | 'netlify'): CacheProvider {
  const prefix = platform === 'vercel' ? 'Vercel' : 'Netlify';
  return {
    kind: 'cdn',
    name: platform,
    headers(rule, session) {
      if (platform === 'vercel' && session?.opened) return undefined;
      const headers: Array<[string, string]> = [[`${prefix}-CDN-Cache-Control`, directives(rule)]];
      if (rule.tags.length > 0) headers.push([`${prefix}-Cache-Tag`, rule.tags.join(',')]);
      if (platform === 'netlify' && session) headers.push(['Netlify-Vary', `cookie=${session.cookie}`]);
      return headers;
    },
  };
}

/**
 * CDN providers: the platform's CDN keeps the response, told by its own headers (stripped before
 * the browser sees them). Vercel: `Vercel-CDN-Cache-Control`, `Vercel-Cache-Tag`; Netlify:
 * `Netlify-CDN-Cache-Control`, `Netlify-Cache-Tag` (both honour the response's `Vary`).
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
    headers(rule) {
      const headers: Array<[string, string]> = [[`${prefix}-CDN-Cache-Control`, directives(rule)]];
      if (rule.tags.length > 0) headers.push([`${prefix}-Cache-Tag`, rule.tags.join(',')]);
      return headers;
    },
  };
}

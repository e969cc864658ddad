/** The redirects stage: the trailing-slash rule, and the config's `redirects` (ranked among the routes). */
import type { RedirectEntry } from '../../manifest.ts';
import type { Params } from '../context.ts';
import { NotBundledError } from '../errors.ts';
import { trailingSlashRedirect } from '../paths.ts';
import type { Exchange, Site, SitePath } from './site.ts';

export interface Redirects {
  /** A redirect to the path the trailing-slash rule wants, or undefined when the path follows it (a rewrite always does). */
  trailingSlash(ex: Exchange, at: SitePath): Response | undefined;
  /** The answer of a `redirects` entry the route stage matched. */
  config(ex: Exchange, entry: RedirectEntry, params: Params): Response;
}

export function redirects(site: Site): Redirects {
  const { base, manifest, app } = site;
  return {
    trailingSlash(ex, at) {
      if (ex.rewrite) return undefined;
      const target = trailingSlashRedirect(ex.url.pathname, at.path, base, manifest.trailingSlash);
      if (target === undefined) return undefined;
      const read = ex.request.method === 'GET' || ex.request.method === 'HEAD';
      return new Response(null, { status: read ? 301 : 308, headers: { location: target + ex.url.search } });
    },
    config(ex, entry, params) {
      // The build wires app.redirects in whenever the config has redirects (the only source of these entries).
      if (!app.redirects) throw new NotBundledError('config redirects', 'the config has `redirects`');
      return app.redirects(ex.request, ex.url, entry, params, base);
    },
  };
}

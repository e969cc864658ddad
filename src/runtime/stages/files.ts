/** The files stage: static files (public/ and prerendered pages) from the platform's asset store. */
import type { RouteEntry } from '../../manifest.ts';
import { prerenderedFile, routePath } from '../paths.ts';
import type { Exchange, Site, SitePath } from './site.ts';

export interface Files {
  /** The file at the exchange's path, or undefined / null when there is none to serve from here. */
  file(ex: Exchange, at: SitePath): Promise<Response | null> | undefined;
  /** The file prerendered route `route` wrote for the path (405 for a method it cannot answer), or null when it wrote none. */
  prerendered(ex: Exchange, at: SitePath, route: RouteEntry): Promise<Response | null>;
}

const READS = new Set(['GET', 'HEAD']);

export function files(site: Site): Files {
  const { assetPrefix, manifest } = site;
  return {
    file(ex, at) {
      const assets = site.assets?.(ex.env);
      // A rewrite may land on a file even where the platform serves files first. Other methods on a
      // file get 405 with Allow from the asset server (it opens nothing for them).
      if (!assets || (assets.servesFilesFirst && !ex.rewrite) || at.path.endsWith('/')) return undefined;
      return assets.serve(ex.request, assetPrefix + at.filePath);
    },
    async prerendered(ex, at, route) {
      const assets = site.assets?.(ex.env);
      if (!assets) return null;
      const file = assetPrefix + prerenderedFile(routePath(at.filePath), route, manifest.trailingSlash);
      if (READS.has(ex.request.method)) return assets.serve(ex.request, file);
      if (!(await assets.serve(new Request(ex.url, { method: 'HEAD' }), file))) return null;
      // A static page exists here: say which methods it answers rather than 404.
      return new Response('Method Not Allowed', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } });
    },
  };
}

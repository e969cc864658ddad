/**
 * The error-page stage: the 404 and 500 answers (the site's own on-demand page, then a
 * prerendered one, then the built-in), a bodiless 404/500 from a route shown as that page, and
 * what a failed route answers.
 */
import type { AssetServer } from '../assets/asset-server.ts';
import { notFoundPage, plainError } from '../builtin-pages.ts';
import { devErrorResponse } from '../dev-error.ts';
import { BadRequestError, InvalidCookieError, InvalidHeaderError } from '../errors.ts';
import type { RenderRoute } from './render-route.ts';
import type { Exchange, Site } from './site.ts';

export interface ErrorPages {
  /** Answers an error page for the exchange. */
  page(ex: Exchange, status: 404 | 500, error?: unknown): Promise<Response>;
  /** A bodiless 404 or 500 from a route shows the error page, keeping its status text and cookies. */
  reroute(ex: Exchange, response: Response): Promise<Response>;
  /** What a route that threw answers: 413 for a body past the limit, 400 for a bad request, else the 500 page. */
  /** The 4xx that answers an error the visitor caused (a body past the limit, a bad request), if it is one. */
  refusal(ex: Exchange, answering: string, error: unknown): Response | undefined;
  /** `answering` names the route (pattern and file), `path` the path it was matched by. */
  failed(ex: Exchange, path: string, answering: string, error: unknown): Promise<Response> | Response;
}

type ErrorAsset = { body: ArrayBuffer; headers: Array<[string, string]> } | null;

export function errorPages(site: Site, render: RenderRoute): ErrorPages {
  const { manifest, dev } = site;
  // A prerendered error page cannot change while this isolate lives: read it from the store once
  // (on Workers that saves a subrequest per 404).
  const errorAssets = new Map<string, Promise<ErrorAsset>>();
  const errorAsset = (assets: AssetServer, url: string, file: string, status: number): Promise<ErrorAsset> => {
    let page = errorAssets.get(file);
    if (!page) {
      page = assets.serve(new Request(url), file, status).then(async (res) => (res ? { body: await res.arrayBuffer(), headers: [...res.headers] } : null));
      page.catch(() => errorAssets.delete(file));
      errorAssets.set(file, page);
    }
    return page;
  };

  const refusal: ErrorPages['refusal'] = (ex, answering, error) => {
    const { request } = ex;
    // A body read past limits.bodyBytes is a 413, whatever the route made of the error.
    if (ex.counted?.exceeded()) return plainError(request, 413, 'Payload Too Large');
    // The site copied a hostile value into a header: the visitor gets 400, the log says where.
    if (error instanceof InvalidHeaderError || error instanceof InvalidCookieError) site.logError(request, answering, error);
    if (error instanceof BadRequestError) return plainError(request, error.status, error.statusText);
    return undefined;
  };

  const page: ErrorPages['page'] = async (ex, status, error) => {
    const { request } = ex;
    const route = status === 404 ? manifest.notFound : manifest.serverError;
    const wantsHtml = status === 404 || (request.headers.get('accept') ?? '').includes('text/html');
    if (route && wantsHtml && (!route.prerender || (typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && site.renderAll))) {
      try {
        // The error page runs the middleware again, whatever the rewrite that led here.
        return (await render({ ...ex, rewrite: undefined }, { route, params: {}, props: status === 500 ? { error } : {}, status })).response;
      } catch (again) {
        // Middleware answering a path no route has (`/logout`) runs here: a body past the limit is still a 413.
        const refused = refusal(ex, route.pattern, again);
        if (refused) return refused;
        site.logError(request, route.pattern, again);
      }
    }
    if (wantsHtml) {
      const assets = site.assets?.(ex.env);
      const file = status === 404 ? manifest.notFoundAsset : manifest.serverErrorAsset;
      if (assets && file) {
        // Development reads the file each time (a rebuild may change it); production once per isolate.
        if (typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && dev) {
          const res = await assets.serve(new Request(request.url, { method: request.method === 'HEAD' ? 'HEAD' : 'GET' }), file, status);
          if (res) return res;
        } else {
          const asset = await errorAsset(assets, request.url, file, status);
          if (asset) return new Response(request.method === 'HEAD' ? null : asset.body, { status, headers: asset.headers });
        }
      }
    }
    return status === 404 ? notFoundPage(request) : plainError(request, 500, 'Internal Server Error', error, dev);
  };

  return {
    page,
    async reroute(ex, response) {
      if ((response.status !== 404 && response.status !== 500) || response.body !== null || ex.request.method === 'HEAD') return response;
      if (response.headers.get('content-length') === '0') return response;
      const shown = await page(ex, response.status as 404 | 500);
      const cookies = response.headers.getSetCookie();
      // Nothing of the route's to carry over: the page as it is (no second Response and Headers).
      if (cookies.length === 0 && shown.status === response.status && (!response.statusText || response.statusText === shown.statusText)) return shown;
      const headers = new Headers(shown.headers);
      for (const cookie of cookies) headers.append('set-cookie', cookie);
      return new Response(shown.body, { status: response.status, statusText: response.statusText || shown.statusText, headers });
    },
    refusal,
    failed(ex, path, answering, error) {
      const { request } = ex;
      const refused = refusal(ex, answering, error);
      if (refused) return refused;
      site.logError(request, path, error);
      if (typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && dev && (request.headers.get('accept') ?? '').includes('text/html')) {
        return devErrorResponse(request, answering, error);
      }
      return page(ex, 500, error);
    },
  };
}

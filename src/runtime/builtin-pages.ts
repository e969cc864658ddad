/** The plain pages answered when a site has no 404/500 page of its own. */
import type {} from './dev-flag.ts';
import { escapeHtml } from './render/escape.ts';

function page(status: number, title: string, detail = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1>${detail}</body></html>`;
}

/** A bare response with a short body in the format the client asked for (in development, with the error's stack). */
export function plainError(request: Request, status: number, title: string, error?: unknown, dev = false): Response {
  const accept = request.headers.get('accept') ?? '';
  const detail = typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__ && dev && error instanceof Error ? (error.stack ?? error.message) : undefined;
  const head = request.method === 'HEAD';
  if (accept.includes('text/html')) {
    const body = page(status, title, detail ? `<pre>${escapeHtml(detail)}</pre>` : '');
    return new Response(head ? null : body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  if (accept.includes('application/json')) {
    const body = JSON.stringify(detail ? { error: title, stack: detail } : { error: title });
    return new Response(head ? null : body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  }
  return new Response(head ? null : detail ? `${title}\n\n${detail}` : title, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** The built-in 404 page. */
export function notFoundPage(request: Request): Response {
  return new Response(request.method === 'HEAD' ? null : page(404, 'Not Found'), {
    status: 404,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

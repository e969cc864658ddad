/**
 * Development only: errors as data for the dev server, which source-maps them and shows its
 * error page. Never used by a production build (the handler's `dev` option is off there).
 */
import { escapeHtml } from './render/escape.ts';

/** The header that carries the error (URI-encoded JSON) from the worker to the dev server. */
export const DEV_ERROR_HEADER = 'x-edgepress-error';

/** What the dev server needs to show an error. */
export interface DevErrorInfo {
  name: string;
  message: string;
  stack?: string;
  /** The route (or path) that was being answered. */
  route: string;
  /** Where the source is at fault, when the error knows it (a build error inside a route). */
  location?: { file: string; line: number; column: number };
  /** How to fix it, when known. */
  hint?: string;
}

/** The error's facts, the stack capped so the header stays small. */
export function devErrorInfo(error: unknown, route: string): DevErrorInfo {
  const e = error instanceof Error ? (error as Error & { location?: DevErrorInfo['location']; hint?: string }) : undefined;
  const info: DevErrorInfo = { name: e?.name ?? 'Error', message: e ? e.message : String(error), route };
  if (e?.stack) info.stack = e.stack.slice(0, 8_000);
  if (e?.location) info.location = e.location;
  if (e?.hint) info.hint = e.hint;
  return info;
}

/** A 500 page with the error in a header for the dev server, and readable as it is without it. */
export function devErrorResponse(request: Request, route: string, error: unknown): Response {
  const info = devErrorInfo(error, route);
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>500 ${escapeHtml(info.name)}</title></head><body><h1>${escapeHtml(info.name)}: ${escapeHtml(info.message)}</h1><p>${escapeHtml(route)}</p><pre>${escapeHtml(info.stack ?? '')}</pre></body></html>`;
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 500,
    headers: { 'content-type': 'text/html; charset=utf-8', [DEV_ERROR_HEADER]: encodeURIComponent(JSON.stringify(info)) },
  });
}

/** The block written in place when a component fails after the first byte (the dev server's script enhances it). */
export function devErrorBlock(error: unknown, route: string): string {
  const info = devErrorInfo(error, route);
  return (
    `<edgepress-error data-error="${escapeHtml(JSON.stringify(info))}" style="display:block;margin:1em 0;padding:1em;border:3px solid #d22;background:#fff5f5;color:#600;font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap">` +
    `<strong>${escapeHtml(info.name)}: ${escapeHtml(info.message)}</strong>\n${escapeHtml(info.stack ?? '')}</edgepress-error>`
  );
}

/**
 * Reads an island request (`{base}_islands/{id}?u=…&p=…`, or a POST with the props in its body)
 * into the component, its props and the page's URL; anything wrong is a short text 4xx, never a
 * stack trace: an unknown island 404, a bad or missing `p` or `u` 400, a body over the limit 413.
 */
import { BODY_LIMIT } from './loader.ts';
import { open } from './props-cipher.ts';
import { decodeProps } from './props-json.ts';
import { islandComponent, type IslandComponent } from './registry.ts';
import type { IslandSupport } from './setup.ts';

export interface IslandCall {
  id: string;
  component: IslandComponent;
  props: Record<string, unknown>;
  /** The page the island is on: its `ctx.url`. */
  pageUrl: URL;
}

/** A text answer for a refused island request. */
export function refuse(request: Request, status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(request.method === 'HEAD' ? null : message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-robots-tag': 'noindex', ...headers },
  });
}

/** The call of island `id` in `request`, or the 4xx that answers it. */
export async function readIslandCall(request: Request, url: URL, id: string, islands: IslandSupport, env: unknown): Promise<IslandCall | Response> {
  const load = /^[\w-]+$/.test(id) && Object.hasOwn(islands.modules, id) ? islands.modules[id] : undefined;
  if (!load) return refuse(request, 404, 'No such island');
  const method = request.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return refuse(request, 405, 'Method Not Allowed', { allow: 'GET, HEAD, POST' });
  const pageUrl = pagePath(url);
  if (!pageUrl) return refuse(request, 400, 'Bad Request: `u` must be the path of the page on this site');
  let token: string | null;
  if (method === 'POST') {
    const body = await readLimited(request, BODY_LIMIT);
    if (body === undefined) return refuse(request, 413, `Payload Too Large: island props are limited to ${BODY_LIMIT} bytes`);
    token = body;
  } else {
    token = url.searchParams.get('p');
  }
  if (!token) return refuse(request, 400, 'Bad Request: missing island props `p`');
  const text = await open(islands.ring(env), id, token);
  if (text === undefined) return refuse(request, 400, 'Bad Request: the island props are not valid for this island (tampered, or sealed with an unknown key)');
  let props: unknown;
  try {
    props = decodeProps(text);
  } catch {
    return refuse(request, 400, 'Bad Request: unreadable island props');
  }
  if (typeof props !== 'object' || props === null) return refuse(request, 400, 'Bad Request: unreadable island props');
  await load();
  const component = islandComponent(id);
  if (!component) return refuse(request, 404, 'No such island');
  return { id, component, props: props as Record<string, unknown>, pageUrl };
}

/** `u`: a path (and query) on this origin; anything else (another origin, `//host`, a scheme) is refused. */
function pagePath(url: URL): URL | undefined {
  const u = url.searchParams.get('u');
  if (!u || u.length > 4096 || !u.startsWith('/') || u.startsWith('//') || u.startsWith('/\\')) return undefined;
  try {
    const page = new URL(u, url.origin);
    return page.origin === url.origin ? page : undefined;
  } catch {
    return undefined;
  }
}

/** The body as text, or undefined when it is over `limit` bytes (kept only up to the limit). */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      // Reading stops here: an endless body would otherwise be read for ever (the runtime closes the connection).
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * Post/redirect/get: a form action's result rides a short-lived cookie from the POST to the GET
 * that follows it. The cookie is sealed (encrypted and authenticated with EDGEPRESS_KEY, bound to
 * the action and the page's path) so neither the visitor nor another site can forge a result, and
 * it is read once: the GET deletes it, so a reload shows the page without the result.
 */
import type { RequestContext } from '../context.ts';
import { open, seal, type KeyRing } from '../islands/props-cipher.ts';

export const RESULT_COOKIE = 'edgepress-action';
/** Seconds the result waits for its GET. */
const MAX_AGE = 60;
/** Above this many characters the result is rendered on the POST itself (browsers keep ~4 KB per cookie). */
const MAX_TOKEN = 3000;

interface Sealed {
  /** The action's name. */
  n: string;
  /** Its data. */
  d: unknown;
  /** Expiry, ms since the epoch. */
  x: number;
}

/** A cookie path the `cookie` package accepts: the page's path, else the whole site. */
function cookiePath(pathname: string): string {
  return /^\/[\x21-\x3a\x3c-\x7e]*$/.test(pathname) ? pathname : '/';
}

/** Sets the cookie carrying `data` of action `name` to the GET of this page; false when it is too large to carry. */
export async function keepResult(ctx: RequestContext, ring: KeyRing, name: string, data: unknown): Promise<boolean> {
  const path = cookiePath(ctx.url.pathname);
  const text = JSON.stringify({ n: name, d: data, x: Date.now() + MAX_AGE * 1000 } satisfies Sealed);
  const token = await seal(ring, `action:${path}`, text);
  if (token.length > MAX_TOKEN) return false;
  ctx.cookies.set(RESULT_COOKIE, token, { path, maxAge: MAX_AGE, httpOnly: true, sameSite: 'lax', secure: ctx.url.protocol === 'https:' });
  return true;
}

/** The result a previous POST kept for this page (deleting its cookie), if any and still valid. */
export async function takeResult(ctx: RequestContext, ring: KeyRing): Promise<{ name: string; data: unknown } | undefined> {
  const token = ctx.cookies.get(RESULT_COOKIE)?.value;
  if (token === undefined) return undefined;
  const path = cookiePath(ctx.url.pathname);
  ctx.cookies.delete(RESULT_COOKIE, { path });
  const text = await open(ring, `action:${path}`, token).catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const sealed = JSON.parse(text) as Sealed;
    return sealed.x >= Date.now() ? { name: sealed.n, data: sealed.d } : undefined;
  } catch {
    return undefined;
  }
}

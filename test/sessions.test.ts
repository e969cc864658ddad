/**
 * `ctx.session` over HTTP: one fixture site (test/fixtures/sessions, with a pass-through
 * middleware) built for Cloudflare and run in workerd (Workers KV driver), and built for Node and
 * run by `node dist/server/index.js` (in-memory driver). Each request carries only the cookie.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSite } from './helpers/runtimes.ts';
import { untilCacheStatus } from './helpers/cache-status.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const RUNTIMES = ['workerd', 'node'] as const;

/** The `name=value` part of the session cookie a response set, or undefined. */
function sessionCookie(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('edgepress-session='));
  return header?.split(';', 1)[0];
}

describe.each(RUNTIMES)('sessions in %s', (runtime) => {
  let origin: string;
  const site = fixtureSite('sessions', runtime);
  const get = (path: string, cookie?: string): Promise<Response> => fetch(origin + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const post = (path: string, body: BodyInit | null, cookie?: string): Promise<Response> =>
    fetch(origin + path, { method: 'POST', redirect: 'manual', body, headers: { origin, ...(cookie ? { cookie } : {}) } });

  beforeAll(() => {
    origin = site.origin;
  });

  it('a session set in one request is read in the next with the cookie alone, values keeping their types', async () => {
    const set = await post('/api/set', new URLSearchParams({ name: 'Ada' }));
    expect(set.status).toBe(200);
    const cookie = sessionCookie(set)!;
    expect(cookie).toMatch(/^edgepress-session=[0-9a-f-]{36}$/);
    const header = set.headers.getSetCookie().find((c) => c.startsWith('edgepress-session='))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).toMatch(/Path=\//);
    // 127.0.0.1 is local: no Secure, so the browser keeps it over http.
    expect(header).not.toMatch(/Secure/i);

    const res = await get('/api/get', cookie);
    expect(await res.json()).toEqual({
      name: 'Ada',
      since: '2026-01-02T00:00:00.000Z',
      cart: [['apple', 2]],
      tags: ['a', 'b'],
      big: '12345678901234567890',
      by: null,
      hasName: true,
      keys: expect.arrayContaining(['big', 'cart', 'name', 'since', 'tags']),
    });
    // Reading sets no cookie; the page reads it too.
    expect(sessionCookie(res)).toBeUndefined();
    expect(await (await get('/greeting', cookie)).text()).toContain('Hello, Ada');
    // Without the cookie there is no session, and none is created by reading.
    const stranger = await get('/greeting');
    expect(await stranger.text()).toContain('Hello, stranger');
    expect(stranger.headers.getSetCookie()).toEqual([]);
  });

  it(runtime === 'workerd' ? 'stores sessions in the SESSION Workers KV namespace' : 'stores sessions in memory (no KV)', async () => {
    const cookie = sessionCookie(await post('/api/set', new URLSearchParams({ name: 'Kv' })))!;
    const id = cookie.split('=')[1];
    const keys = (await (await get('/api/kv')).json()) as string[] | null;
    if (runtime === 'workerd') expect(keys).toContain(`session:${id}`);
    else expect(keys).toBeNull();
  });

  it('a page read from a visitor\'s session is private: never stored by the route cache, nor by a CDN', async () => {
    const cookie = sessionCookie(await post('/api/set', new URLSearchParams({ name: 'Eve' })))!;
    // Without a session the page is the same for everyone, and cached as configured: a stored copy is there.
    const anonymous = await untilCacheStatus(() => get('/greeting'), /^edgepress; hit/, 'anonymous /greeting');
    expect(anonymous.body).toContain('Hello, stranger');
    expect(anonymous.res.headers.get('cache-control')).not.toBe('private');
    for (let i = 0; i < 2; i++) {
      const mine = await get('/greeting', cookie);
      expect(mine.headers.get('cache-control')).toBe('private');
      // With the session cookie the route cache is not consulted at all, so it says nothing.
      expect(mine.headers.get('cache-status')).toBeNull();
      expect(await mine.text()).toContain('Hello, Eve');
    }
    // Eve's page did not replace the shared copy.
    const after = await get('/greeting');
    expect(after.headers.get('cache-status')).toMatch(/^edgepress; hit/);
    expect(await after.text()).toBe(anonymous.body);
  });

  it('works with middleware: a value the middleware sets is read by the route and by the next request', async () => {
    const res = await get('/api/from-middleware');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('middleware');
    const cookie = sessionCookie(res)!;
    expect(((await (await get('/api/get', cookie)).json()) as { by: string }).by).toBe('middleware');
  });

  it('delete, regenerate and destroy', async () => {
    const cookie = sessionCookie(await post('/api/set', new URLSearchParams({ name: 'Bo' })))!;
    expect((await post('/api/forget', null, cookie)).status).toBe(200);
    const afterDelete = (await (await get('/api/get', cookie)).json()) as { name: string | null; since: string | null };
    expect(afterDelete).toMatchObject({ name: null, since: '2026-01-02T00:00:00.000Z' });

    const regenerated = await post('/api/forget?what=regenerate', null, cookie);
    const fresh = sessionCookie(regenerated)!;
    expect(fresh).toMatch(/^edgepress-session=/);
    expect(fresh).not.toBe(cookie);
    // The data moved to the new id; the old id has none.
    expect(((await (await get('/api/get', fresh)).json()) as { since: string }).since).toBe('2026-01-02T00:00:00.000Z');
    expect(((await (await get('/api/get', cookie)).json()) as { since: string | null }).since).toBeNull();

    const destroyed = await post('/api/forget?what=destroy', null, fresh);
    expect(destroyed.headers.getSetCookie().find((c) => c.startsWith('edgepress-session='))).toMatch(/Max-Age=0/i);
    expect(((await (await get('/api/get', fresh)).json()) as { since: string | null; keys: string[] })).toMatchObject({ since: null, keys: [] });
  });

  it('replaces a planted unknown session id on the first write (session fixation), from an endpoint and from a streamed page', async () => {
    const planted = 'edgepress-session=00000000-0000-4000-8000-00000000f1x0';
    const set = await post('/api/set', new URLSearchParams({ name: 'Victim' }), planted);
    const issued = sessionCookie(set);
    expect(issued).toMatch(/^edgepress-session=[0-9a-f-]{36}$/);
    expect(issued).not.toBe(planted);
    // Whoever planted the id reads nothing; the visitor's new cookie reads their data.
    expect(((await (await get('/api/get', planted)).json()) as { name: string | null }).name).toBeNull();
    expect(((await (await get('/api/get', issued)).json()) as { name: string | null }).name).toBe('Victim');
    // An id the store knows is kept: no new cookie on the next write.
    expect(sessionCookie(await post('/api/set', new URLSearchParams({ name: 'Victim' }), issued))).toBeUndefined();

    const page = await get('/visit?as=victim', planted);
    expect(await page.text()).toContain('visited');
    const fromPage = sessionCookie(page);
    expect(fromPage).toMatch(/^edgepress-session=[0-9a-f-]{36}$/);
    expect(fromPage).not.toBe(planted);
    expect(((await (await get('/api/get', planted)).json()) as { keys: string[] }).keys).toEqual([]);
    expect(((await (await get('/api/get', fromPage)).json()) as { keys: string[] }).keys).toEqual(['visited']);
  });

  // That a malformed id never reaches the store is pinned in test/session-id.test.ts.
  it('answers a malformed or unknown session id as no session, without an error', async () => {
    const res = await get('/api/get', 'edgepress-session=../../etc/passwd');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { keys: string[] }).keys).toEqual([]);
    const unknown = await get('/api/get', 'edgepress-session=00000000-0000-4000-8000-000000000000');
    expect(((await unknown.json()) as { keys: string[] }).keys).toEqual([]);
  });
});

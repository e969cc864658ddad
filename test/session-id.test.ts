/** The session id from the cookie: only a well-formed one ever reaches the store (a unit: no HTTP shows a lookup). */
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/runtime/context.ts';
import { Cookies } from '../src/runtime/cookies.ts';
import { sessionSupport } from '../src/runtime/session/setup.ts';

/** A request's session over a store that records every id it is asked for. */
function open(cookieHeader: string): { keys: () => Promise<string[]>; lookups: string[] } {
  const lookups: string[] = [];
  const driver = { get: async (id: string) => (lookups.push(id), null), set: async () => {}, delete: async () => {} };
  const support = sessionSupport(() => driver, { ttl: 60, cookie: { name: 'edgepress-session', options: {} } });
  const ctx = { cookies: new Cookies(() => cookieHeader), env: {}, url: new URL('http://127.0.0.1/'), guard: () => {} } as unknown as RequestContext;
  const session = support.open(ctx);
  return { keys: () => session.keys(), lookups };
}

describe('the session id', () => {
  it('never passes a malformed id to the store', async () => {
    for (const id of ['../../etc/passwd', 'short', 'x'.repeat(129), 'has space', '%2e%2e%2fkv', 'a/b/c/d/e/f/g/h/i/j', 'semi;colon-0123456789', '']) {
      const { keys, lookups } = open(`edgepress-session=${id}`);
      expect(await keys(), id).toEqual([]);
      expect(lookups, id).toEqual([]);
    }
  });

  it('looks a well-formed id up once per request (the control: lookups are seen)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const { keys, lookups } = open(`edgepress-session=${id}`);
    expect(await keys()).toEqual([]);
    expect(await keys()).toEqual([]);
    expect(lookups).toEqual([id]);
  });
});

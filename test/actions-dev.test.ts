/** Actions under `edgepress dev`: forms, post/redirect/get and /_actions/ behave as in a build. */
import { describe, expect, it } from 'vitest';
import { devSite } from './helpers/dev-server.ts';
import { makeSite } from './helpers/site.ts';

const site = devSite(() => makeSite('actions'));

describe('actions in edgepress dev', () => {
  it('a form POST redirects, the GET shows the result once; invalid input is 400; a JSON call answers { data }', async () => {
    const form = { method: 'POST', redirect: 'manual', headers: { origin: site.dev.origin, 'content-type': 'application/x-www-form-urlencoded' } } as const;
    const posted = await fetch(site.dev.origin + '/subscribe?_action=subscribe', { ...form, body: 'name=Ada&email=ada%40example.com' });
    expect(posted.status).toBe(303);
    const kept = posted.headers.getSetCookie().find((cookie) => cookie.startsWith('edgepress-action='))!.split(';')[0]!;
    const shown = await (await fetch(site.dev.origin + '/subscribe', { headers: { cookie: kept } })).text();
    expect(shown).toMatch(/<p id="done">Subscribed Ada &lt;ada@example.com&gt; \(#1\)<\/p>/);

    const invalid = await fetch(site.dev.origin + '/subscribe?_action=subscribe', { ...form, body: 'name=Ada&email=nope' });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('<span id="email-error">Enter a valid email address</span>');

    const call = await fetch(site.dev.origin + '/_actions/greet', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Lin"}' });
    expect(await call.json()).toEqual({ data: { greeting: 'Hello, Lin', user: 'ada' } });
  });
});

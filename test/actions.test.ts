/**
 * Actions over HTTP (test/fixtures/actions), built for Cloudflare and run in workerd, and built
 * for Node: forms without JavaScript (post/redirect/get, errors rendered with 400), JSON calls to
 * /_actions/<name>, the request policy, ActionError statuses and hostile field names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSite } from './helpers/runtimes.ts';
import { sendFresh } from './helpers/fresh-request.ts';

process.env.WRANGLER_SEND_METRICS = 'false';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** `name=value` pairs of the response's Set-Cookie headers (deleted cookies have an empty value). */
function setCookies(res: Response): Record<string, string> {
  return Object.fromEntries(res.headers.getSetCookie().map((line) => line.split(';', 1)[0]!.split('=')).map(([name, ...rest]) => [name!, rest.join('=')]));
}

describe.each(['workerd', 'node'] as const)('actions in %s', (runtime) => {
  let origin: string;
  const site = fixtureSite('actions', runtime);
  const send = (path: string, init: RequestInit & { chunked?: boolean } = {}): Promise<Response> => sendFresh(origin + path, init);
  const post = (path: string, type: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    send(path, { method: 'POST', headers: { origin, 'content-type': type, ...headers }, body });

  beforeAll(() => {
    origin = site.origin;
  });

  describe('a form without JavaScript', () => {
    it('renders ?_action=<name> as the form action', async () => {
      const html = await (await send('/subscribe')).text();
      expect(html).toContain('<form method="post" action="?_action=subscribe">');
      expect(html).toContain('<form method="post" action="?_action=leave">');
    });

    it('a valid same-origin POST runs the handler, redirects to the page (303) and the GET renders its data once', async () => {
      const posted = await post('/subscribe?_action=subscribe', FORM, 'name=Ada&email=ada%40example.com');
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe('/subscribe');
      const cookies = setCookies(posted);
      // The handler's own cookie rides the redirect.
      expect(cookies.subscribed).toBe('yes');
      expect(cookies['edgepress-action']).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(posted.headers.getSetCookie().find((c) => c.startsWith('edgepress-action='))).toMatch(/Path=\/subscribe; .*HttpOnly; .*SameSite=Lax/i);

      const shown = await send('/subscribe', { headers: { cookie: `edgepress-action=${cookies['edgepress-action']}` } });
      expect(shown.status).toBe(200);
      expect(await shown.text()).toMatch(/<p id="done">Subscribed Ada &lt;ada@example.com&gt; \(#\d+\)<\/p>/);
      // Read once: the GET deletes the cookie, so a reload shows the plain page.
      expect(setCookies(shown)['edgepress-action']).toBe('');
      expect(await (await send('/subscribe')).text()).not.toContain('id="done"');
    });

    it('invalid input renders the page with 400, the message per field and the values kept', async () => {
      const res = await post('/subscribe?_action=subscribe', FORM, 'name=Grace&email=not-an-email');
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('<p id="error">BAD_REQUEST</p>');
      expect(html).toContain('<span id="email-error">Enter a valid email address</span>');
      expect(html).toContain('value="not-an-email"');
      expect(html).toContain('value="Grace"');
      expect(html).not.toContain('id="name-error"');
      expect(setCookies(res)['edgepress-action']).toBeUndefined();
    });

    it('a handler that returns ctx.redirect() sends the form there', async () => {
      const res = await post('/subscribe?_action=leave', FORM, '');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/thanks');
    });

    it('a kept result that is forged, or sealed for another page, shows nothing', async () => {
      const posted = await post('/subscribe?_action=subscribe', FORM, 'name=Ada&email=ada%40example.com');
      const token = setCookies(posted)['edgepress-action']!;
      const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
      for (const cookie of [`edgepress-action=${flipped}`, 'edgepress-action=garbage']) {
        const res = await send('/subscribe', { headers: { cookie } });
        expect(res.status).toBe(200);
        expect(await res.text()).not.toContain('id="done"');
      }
      const elsewhere = await send('/thanks', { headers: { cookie: `edgepress-action=${token}` } });
      expect(elsewhere.status).toBe(200);
    });

    it('a cross-site form POST is 403 and runs nothing', async () => {
      const res = await post('/subscribe?_action=subscribe', FORM, 'name=Eve&email=eve%40evil.example', { origin: 'https://evil.example' });
      expect(res.status).toBe(403);
      expect(await res.text()).toBe('Cross-site POST form submissions are forbidden');
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it('an unknown action name is a 404', async () => {
      const res = await post('/subscribe?_action=nope', FORM, 'a=1');
      expect(res.status).toBe(404);
    });
  });

  describe('calls from code: POST /_actions/<name>', () => {
    it('a JSON call answers { data }, with the locals middleware set', async () => {
      const res = await post('/_actions/greet', JSON_TYPE, JSON.stringify({ name: 'Lin' }));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ data: { greeting: 'Hello, Lin', user: 'ada' } });
    });

    it('form data works for a form action; invalid JSON input answers 400 with the field messages', async () => {
      const form = await post('/_actions/subscribe', FORM, 'name=Ada&email=ada%40example.com');
      expect(form.status).toBe(200);
      expect(((await form.json()) as { data: { message: string } }).data.message).toBe('Subscribed Ada <ada@example.com>');
      const invalid = await post('/_actions/greet', JSON_TYPE, JSON.stringify({ name: '' }));
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'Invalid input: name: Say who', fields: { name: ['Say who'] } } });
    });

    it('ActionError codes answer their statuses', async () => {
      const codes = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429, INTERNAL_SERVER_ERROR: 500, SERVICE_UNAVAILABLE: 503 };
      for (const [code, status] of Object.entries(codes)) {
        const res = await post('/_actions/fail', JSON_TYPE, JSON.stringify({ code }));
        expect(res.status, code).toBe(status);
        expect(await res.json()).toEqual({ error: { code, message: `failed with ${code}` } });
      }
    });

    it('an error that is not an ActionError is a bare 500: no message, no stack', async () => {
      const res = await post('/_actions/crash', JSON_TYPE, '');
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal Server Error' } });
      expect(text).not.toContain('internal detail');
      expect(text).not.toMatch(/\bat .*:\d+:\d+/);
    });

    it('__proto__ and constructor fields are inert data', async () => {
      const form = await post('/_actions/inspect', FORM, '__proto__%5Bpolluted%5D=1&__proto__=x&constructor=y&constructor%5Bprototype%5D%5Bpolluted%5D=1&a=1');
      expect(form.status).toBe(200);
      expect(await form.json()).toEqual({ data: { keys: ['__proto__[polluted]', '__proto__', 'constructor', 'constructor[prototype][polluted]', 'a'], plainPrototype: true, polluted: null } });
      const json = await post('/_actions/inspect', JSON_TYPE, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}');
      expect(json.status).toBe(200);
      expect(await json.json()).toEqual({ data: { keys: ['__proto__', 'constructor'], plainPrototype: true, polluted: null } });
    });

    it('the request policy: cross-site calls are 403 whatever the content type; bodies over the limit 413', async () => {
      const cross = await post('/_actions/greet', JSON_TYPE, '{"name":"x"}', { origin: 'https://evil.example' });
      expect(cross.status).toBe(403);
      const crossForm = await post('/_actions/subscribe', FORM, 'name=a&email=a%40b.c', { origin: 'https://evil.example' });
      expect(crossForm.status).toBe(403);
      // No Origin (curl, a server): a JSON call goes through.
      const headless = await send('/_actions/greet', { method: 'POST', headers: { 'content-type': JSON_TYPE }, body: '{"name":"x"}' });
      expect(headless.status).toBe(200);
      const body = JSON.stringify({ name: 'x'.repeat(1500) });
      const declared = await post('/_actions/greet', JSON_TYPE, body);
      expect(declared.status).toBe(413);
      // Without Content-Length the body is counted as the action reads it.
      const chunked = await send('/_actions/greet', { method: 'POST', headers: { origin, 'content-type': JSON_TYPE }, body, chunked: true });
      expect(chunked.status).toBe(413);
      expect(await chunked.json()).toEqual({ error: { code: 'CONTENT_TOO_LARGE', message: 'Payload Too Large' } });
      const form = await send('/subscribe?_action=subscribe', { method: 'POST', headers: { origin, 'content-type': FORM }, body: `name=${'x'.repeat(1500)}`, chunked: true });
      expect(form.status).toBe(413);
    });

    it('answers 404 for an unknown action, 405 for GET, 415 for a form body to a JSON action', async () => {
      const unknown = await post('/_actions/nope', JSON_TYPE, '{}');
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      const proto = await post('/_actions/__proto__', JSON_TYPE, '{}');
      expect(proto.status).toBe(404);
      const get = await send('/_actions/greet');
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      const form = await post('/_actions/greet', FORM, 'name=x');
      expect(form.status).toBe(415);
    });
  });
});

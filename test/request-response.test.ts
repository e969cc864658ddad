import { describe, expect, it } from 'vitest';
import { makeSite } from './helpers/site.ts';
import { workerdSite } from './helpers/workerd-site.ts';

const built = workerdSite(() => makeSite('api'));

const setCookies = (res: Response): string[] => res.headers.getSetCookie();

describe('cookies', () => {
  it('reach the response when the page returns JSX', async () => {
    const res = await built.site.fetch('/cookies/jsx');
    expect(res.status).toBe(200);
    expect(setCookies(res)).toEqual(['a=1; Max-Age=60; Path=/; HttpOnly; SameSite=Strict', 'obj=%7B%22n%22%3A1%2C%22s%22%3A%22x%20y%22%7D; Path=/']);
  });

  it('reach the response when the page returns its own Response', async () => {
    const res = await built.site.fetch('/cookies/response');
    expect(await res.text()).toBe('plain');
    expect(setCookies(res)).toEqual(['from=response; Path=/']);
  });

  it('reach a redirect made with ctx.redirect() and one made with Response.redirect()', async () => {
    const a = await built.site.fetch('/cookies/redirect');
    expect(a.status).toBe(303);
    expect(a.headers.get('location')).toBe('/cookies/jsx');
    expect(setCookies(a)).toEqual(['from=redirect; Path=/']);
    const b = await built.site.fetch('/cookies/builtin-redirect');
    expect(b.status).toBe(307);
    expect(setCookies(b)).toEqual(['from=builtin; Path=/']);
  });

  it('reach the 404 page a route falls back to', async () => {
    const res = await built.site.fetch('/cookies/error-page');
    expect(res.status).toBe(404);
    expect(res.statusText).toBe('Gone fishing');
    expect(await res.text()).toContain('Custom 404');
    expect(setCookies(res)).toEqual(['seen=yes; Path=/']);
  });

  it('are read with typed accessors', async () => {
    const res = await built.site.fetch('/cookies/read', {
      headers: { cookie: 'plain=hello%20world; n=42; b=false; j=%7B%22x%22%3A1%7D' },
    });
    expect(await res.json()).toEqual({ plain: 'hello world', number: 42, bool: false, json: { x: 1 }, proto: null, ctor: null, hasMissing: false, polluted: null });
  });

  it('read a value in double quotes without its quotes', async () => {
    const res = await built.site.fetch('/cookies/read', { headers: { cookie: 'plain="hello"; n="42"' } });
    expect(await res.json()).toMatchObject({ plain: 'hello', number: 42 });
  });

  it('of one name and two paths are two Set-Cookie headers', async () => {
    const res = await built.site.fetch('/cookies/paths');
    expect(await res.text()).toBe('b');
    expect(setCookies(res)).toEqual(['sid=a; Path=/app', 'sid=b; Path=/admin']);
  });

  it('tolerate malformed Cookie headers and keep __proto__ and constructor inert', async () => {
    const headers = [
      '__proto__=polluted; constructor=x; plain=%E0%A4%A',
      ';;;=;==; plain',
      'j={not json; plain="quoted"',
      'weird\t=\u00ff\u00fe; plain=ok; =; ;x',
      'a'.repeat(8000) + '=1',
    ];
    for (const cookie of headers) {
      const res = await built.site.fetch('/cookies/read', { headers: { cookie } });
      expect(res.status, cookie).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.polluted).toBeNull();
    }
    const proto = await built.site.fetch('/cookies/read', { headers: { cookie: '__proto__=polluted; constructor=x; plain=%E0%A4%A' } });
    expect(await proto.json()).toMatchObject({ proto: 'polluted', ctor: 'x', plain: '%E0%A4%A', polluted: null });
    const badJson = await built.site.fetch('/cookies/read', { headers: { cookie: 'j={not json' } });
    expect(await badJson.json()).toMatchObject({ json: 'SyntaxError' });
  });

  it('delete by expiring', async () => {
    const res = await built.site.fetch('/cookies/delete', { headers: { cookie: 'gone=1' } });
    expect(await res.text()).toBe('false');
    expect(setCookies(res)).toEqual(['gone=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  });

  it('refuse names that would break the header, with a clear error', async () => {
    const res = await built.site.fetch('/cookies/invalid');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^InvalidCookieError: Cannot set cookie "bad name;"/);
  });

  it('set by a component after streaming started raise ResponseSentError and the stream ends cleanly', async () => {
    const res = await built.site.fetch('/cookies/late');
    expect(res.status).toBe(200);
    expect(setCookies(res)).toEqual([]);
    const body = await res.text();
    expect(body).toContain('<h1>before</h1>');
    expect(body).not.toContain('never');
    expect(body).not.toContain('ResponseSentError');
    const pattern = /ResponseSentError: cookies\.set\("late"\) was called from <Late> after the HTML stream started.*Move the call to the page function/s;
    expect(await built.site.waitForLog(pattern)).toMatch(pattern);
  });
});

describe('the page response', () => {
  it('carries the status, status text and headers the page set', async () => {
    const res = await built.site.fetch('/status');
    expect(res.status).toBe(418);
    expect(res.statusText).toBe('Short and stout');
    expect(res.headers.get('x-custom')).toBe('yes');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe('<p>teapot</p>');
  });

  it('HEAD of a page has the headers and no body', async () => {
    const res = await built.site.fetch('/status', { method: 'HEAD' });
    expect(res.status).toBe(418);
    expect(res.headers.get('x-custom')).toBe('yes');
    expect(await res.text()).toBe('');
  });

  it('a redirect with a non-redirect status is a 500, not a redirect', async () => {
    const res = await built.site.fetch('/redirect-bad', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('Custom 500');
    expect(await built.site.waitForLog(/InvalidRedirectError/)).toContain('InvalidRedirectError');
  });

  it('a bodiless 404 from a page shows the 404 page with its status text', async () => {
    const res = await built.site.fetch('/missing');
    expect(res.status).toBe(404);
    expect(res.statusText).toBe('No such thing');
    expect(await res.text()).toContain('Custom 404');
  });
});

describe('the context', () => {
  it('exposes request data to the page and to components through usePage()', async () => {
    const res = await built.site.fetch('/context?x=1');
    const html = await res.text();
    const json = JSON.parse(html.match(/<p id="ctx">(.*?)<\/p>/)![1]!.replace(/&quot;/g, '"'));
    expect(json).toEqual({
      pathname: '/context',
      routePattern: '/context',
      isPrerendered: false,
      site: 'https://api.example/',
      locals: { user: 'ada' },
      clientAddress: '127.0.0.1',
      method: 'GET',
      props: {},
    });
    expect(html).toContain('<p id="child">/context</p>');
  });

  it('decodes params, and answers 400 to malformed escapes', async () => {
    const ok = await built.site.fetch('/params/caf%C3%A9%20au%20lait');
    expect(await ok.text()).toBe('<p id="slug">{&quot;slug&quot;:&quot;café au lait&quot;}</p>');
    for (const path of ['/params/%E0%A4%A', '/params/%', '/params/%zz', '/%ff/x']) {
      const res = await built.site.fetch(path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).not.toMatch(/at |Error/);
    }
  });

  it('keeps __proto__ and constructor as plain param values', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const res = await built.site.fetch(`/params/${name}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(`<p id="slug">{&quot;slug&quot;:&quot;${name}&quot;}</p>`);
    }
  });

  it('matches rest params of zero or more segments', async () => {
    expect(await (await built.site.fetch('/rest')).text()).toContain('{&quot;path&quot;:null,&quot;routePattern&quot;:&quot;/rest/[...path]&quot;}');
    expect(await (await built.site.fetch('/rest/a/b/c')).text()).toContain('&quot;path&quot;:&quot;a/b/c&quot;');
  });

  it('matches segments that mix text and params', async () => {
    expect(await (await built.site.fetch('/mixed/en-v2')).text()).toBe('<p>en|v2</p>');
  });
});

describe('endpoints', () => {
  it('dispatch by method', async () => {
    expect(await (await built.site.fetch('/api/methods')).text()).toBe('get');
    expect(await (await built.site.fetch('/api/methods', { method: 'POST', body: 'x', headers: { origin: built.site.url } })).text()).toBe('post:x');
    expect((await built.site.fetch('/api/methods', { method: 'DELETE', headers: { origin: built.site.url } })).status).toBe(204);
  });

  it('answer HEAD from GET without a body', async () => {
    const res = await built.site.fetch('/api/methods', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-method')).toBe('GET');
    expect(await res.text()).toBe('');
  });

  it('answer 405 with an Allow header for a method with no handler', async () => {
    const res = await built.site.fetch('/api/methods', { method: 'PUT', headers: { origin: built.site.url } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, DELETE');
  });

  it('send other methods to ALL', async () => {
    expect(await (await built.site.fetch('/api/all', { method: 'PATCH', headers: { origin: built.site.url } })).text()).toBe('all:PATCH');
    expect(await (await built.site.fetch('/api/all')).text()).toBe('get');
  });

  it('a thrown error is a 500 without the message or a stack trace', async () => {
    const plain = await built.site.fetch('/api/throws');
    expect(plain.status).toBe(500);
    const text = await plain.text();
    expect(text).toBe('Internal Server Error');
    const json = await built.site.fetch('/api/throws', { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({ error: 'Internal Server Error' });
    expect(await built.site.waitForLog(/secret database password/)).toContain('secret database password');
  });

  it('a handler that returns something other than a Response is a 500 naming the route in the log', async () => {
    const res = await built.site.fetch('/api/bad-return');
    expect(res.status).toBe(500);
    const pattern = /InvalidRouteModuleError: The GET handler of \/api\/bad-return returned string/;
    expect(await built.site.waitForLog(pattern)).toMatch(pattern);
  });

  it('can be prerendered per getStaticPaths entry, with props', async () => {
    const res = await built.site.fetch('/data/beta.json');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ name: 'beta', n: 2 });
    expect((await built.site.fetch('/data/gamma.json')).status).toBe(404);
  });

  it('can be prerendered to a file', async () => {
    const res = await built.site.fetch('/prerendered-feed.txt');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('static text file');
  });
});

describe('middleware', () => {
  it('fills locals and changes the response next() returned', async () => {
    const res = await built.site.fetch('/mw/page');
    expect(await res.text()).toBe('<p>user=ada</p>');
    expect(res.headers.get('x-mw')).toBe('after-next');
  });

  it('short-circuits with its own Response', async () => {
    const res = await built.site.fetch('/mw/blocked');
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('blocked by middleware');
  });

  it('sets cookies before next()', async () => {
    const res = await built.site.fetch('/mw/cookie');
    expect(setCookies(res)).toEqual(['mw=before-next; Path=/']);
  });

  it('a prerendered page answers other methods with 405 and Allow', async () => {
    const res = await built.site.fetch('/mw/prerendered', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('runs at build time for prerendered routes', async () => {
    const res = await built.site.fetch('/mw/prerendered');
    expect(await res.text()).toBe('<p>user=ada prerendered=true</p>');
  });
});

describe('error pages', () => {
  it('a page that throws before the first byte renders the 500 page with status 500, no stack', async () => {
    const res = await built.site.fetch('/throws', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain('Custom 500');
    expect(body).not.toContain('secret');
    expect(await built.site.waitForLog(/page exploded/)).toMatch(/\/throws.*page exploded with a secret/s);
  });

  it('an error after the first byte ends the stream cleanly, without a stack', async () => {
    const res = await built.site.fetch('/throws-late');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<h1>started</h1>');
    expect(body).not.toContain('unreachable');
    expect(body).not.toContain('late secret');
  });

  it('an unmatched path gets the prerendered 404 page', async () => {
    const res = await built.site.fetch('/no/such/page');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Custom 404');
  });
});

import { describe, expect, it } from 'vitest';
import { Cookies } from '../src/runtime/cookies.ts';
import { InvalidCookieError, ResponseSentError } from '../src/runtime/errors.ts';

const jar = (header: string | null, guard?: (what: string) => void) => new Cookies(() => header, guard);

describe('Cookies', () => {
  it('parses lazily and tolerates anything in the header', () => {
    let reads = 0;
    const cookies = new Cookies(() => {
      reads++;
      return 'a=1';
    });
    expect(reads).toBe(0);
    cookies.get('a');
    cookies.has('b');
    expect(reads).toBe(1);
    for (const header of ['', ';', '=', '==;;', 'a', '%', 'a=%', 'a=%E0%A4%A', '"=";', '\t a \t= b ', 'a=1; a=2']) {
      expect(() => jar(header).get('a')).not.toThrow();
    }
    expect(jar('a=1; a=2').get('a')?.value).toBe('1');
    expect(jar('a=%E0%A4%A').get('a')?.value).toBe('%E0%A4%A');
    expect(jar(' a = b ').get('a')?.value).toBe('b');
  });

  it('keeps prototype names as plain cookies', () => {
    const cookies = jar('__proto__=x; constructor=y; toString=z; hasOwnProperty=w');
    expect(cookies.get('__proto__')?.value).toBe('x');
    expect(cookies.get('constructor')?.value).toBe('y');
    expect(cookies.get('toString')?.value).toBe('z');
    expect(jar('').get('constructor')).toBeUndefined();
    expect(jar('').has('__proto__')).toBe(false);
    // Reading a prototype name must not have polluted Object.prototype, nor be answered from it.
    const polluted = jar('__proto__=%7B%22x%22%3A1%7D');
    expect(polluted.get('__proto__')?.json()).toEqual({ x: 1 });
    expect(Object.prototype).not.toHaveProperty('x');
    expect(jar('a=1').get('toString')).toBeUndefined();
    expect(jar('a=1').has('hasOwnProperty')).toBe(false);
  });

  it('unwraps a value in double quotes (RFC 6265 §4.1.1)', () => {
    const cookies = jar('visits="5"; empty=""; lone="; inner=a"b; enc="%7B%7D"');
    expect(cookies.get('visits')?.value).toBe('5');
    expect(cookies.get('visits')?.number()).toBe(5);
    expect(cookies.get('empty')?.value).toBe('');
    expect(cookies.get('lone')?.value).toBe('"');
    expect(cookies.get('inner')?.value).toBe('a"b');
    expect(cookies.get('enc')?.json()).toEqual({});
    expect(jar('b="aGk="').get('b', { decode: (v) => atob(v) })?.value).toBe('hi');
  });

  it('identifies a cookie by name, domain and path (RFC 6265 §5.3)', () => {
    const cookies = jar(null);
    cookies.set('sid', 'a', { path: '/app' });
    cookies.set('sid', 'b', { path: '/admin' });
    cookies.set('sid', 'c', { path: '/app', domain: 'example.com' });
    cookies.set('sid', 'd', { path: '/app', domain: 'EXAMPLE.com' });
    expect([...cookies.headers()]).toEqual(['sid=a; Path=/app', 'sid=b; Path=/admin', 'sid=d; Domain=EXAMPLE.com; Path=/app']);
    expect(cookies.get('sid')?.value).toBe('d');
    cookies.delete('sid', { path: '/admin' });
    expect([...cookies.headers()]).toEqual([
      'sid=a; Path=/app',
      'sid=; Max-Age=0; Path=/admin; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      'sid=d; Domain=EXAMPLE.com; Path=/app',
    ]);
    expect(cookies.has('sid')).toBe(false);
    const other = jar(null);
    other.set('sid', 'e', { path: '/other' });
    cookies.merge(other);
    expect([...cookies.headers()]).toHaveLength(4);
    expect(cookies.get('sid')?.value).toBe('e');
  });

  it('reads values as json, number and boolean', () => {
    const cookies = jar('j=%7B%22a%22%3A%5B1%2C2%5D%7D; n=3.5; t=true; f=false; z=0; o=off; e=');
    expect(cookies.get('j')?.json()).toEqual({ a: [1, 2] });
    expect(cookies.get('n')?.number()).toBe(3.5);
    expect(cookies.get('t')?.boolean()).toBe(true);
    expect([cookies.get('f')?.boolean(), cookies.get('z')?.boolean(), cookies.get('o')?.boolean(), cookies.get('e')?.boolean()]).toEqual([false, false, false, false]);
    expect(() => jar('j=nope').get('j')?.json()).toThrow(SyntaxError);
  });

  it('uses custom encode and decode', () => {
    const cookies = jar('b=aGk=');
    expect(cookies.get('b', { decode: (v) => atob(v) })?.value).toBe('hi');
    cookies.set('c', 'hi', { encode: (v) => btoa(v) });
    expect([...cookies.headers()]).toEqual(['c=aGk=; Path=/']);
  });

  it('serialises every option', () => {
    const cookies = jar(null);
    cookies.set('s', 'v', {
      domain: 'example.com',
      path: '/app',
      expires: new Date(Date.UTC(2030, 0, 1)),
      maxAge: 3600,
      httpOnly: true,
      secure: true,
      sameSite: 'none',
      partitioned: true,
      priority: 'high',
    });
    expect([...cookies.headers()]).toEqual([
      's=v; Max-Age=3600; Domain=example.com; Path=/app; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=None',
    ]);
  });

  it('sees its own writes, last write wins, delete hides a cookie', () => {
    const cookies = jar('a=old');
    cookies.set('a', 'new');
    cookies.set('a', 'newer');
    expect(cookies.get('a')?.value).toBe('newer');
    cookies.delete('a');
    expect(cookies.has('a')).toBe(false);
    expect(cookies.get('a')).toBeUndefined();
    expect([...cookies.headers()]).toEqual(['a=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  });

  it('merges another jar', () => {
    const a = jar(null);
    const b = jar(null);
    a.set('x', '1');
    b.set('y', '2');
    b.set('x', '3');
    a.merge(b);
    expect([...a.headers()]).toEqual(['x=3; Path=/', 'y=2; Path=/']);
  });

  it('rejects names and values that would break the header', () => {
    const cookies = jar(null);
    for (const name of ['a b', 'a;b', 'a=b', '', 'a\nb', 'é']) {
      expect(() => cookies.set(name, 'v')).toThrow(InvalidCookieError);
    }
    expect(() => cookies.set('a', 'v', { encode: () => 'x;y' })).toThrow(/Cannot set cookie "a"/);
    expect(() => cookies.set('a', 'ok', { domain: 'bad domain' })).toThrow(InvalidCookieError);
    cookies.set('a', 'semi;colon and space');
    expect([...cookies.headers()]).toEqual(['a=semi%3Bcolon%20and%20space; Path=/']);
  });

  it('refuses writes once the response is sent, and says where to move them', () => {
    let sent = false;
    const cookies = jar(null, (what) => {
      if (sent) throw new ResponseSentError(what, 'Sidebar');
    });
    cookies.set('ok', '1');
    sent = true;
    expect(() => cookies.set('late', '1')).toThrow(/cookies\.set\("late"\) was called from <Sidebar> after the HTML stream started.*Move the call/);
    expect(() => cookies.delete('ok')).toThrow(ResponseSentError);
    expect([...cookies.headers()]).toEqual(['ok=1; Path=/']);
  });
});

/** Request cookies in, `Set-Cookie` headers out: the `ctx.cookies` API. */
import { parseCookie, stringifySetCookie } from 'cookie';
import { InvalidCookieError } from './errors.ts';

export interface CookieSetOptions {
  domain?: string;
  path?: string;
  expires?: Date;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | 'lax' | 'strict' | 'none';
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
  /** Encodes the value (default: encodeURIComponent where needed). */
  encode?: (value: string) => string;
}

export type CookieDeleteOptions = Omit<CookieSetOptions, 'expires' | 'maxAge' | 'encode'>;

export interface CookieGetOptions {
  /** Decodes the raw value (default: decodeURIComponent, leaving malformed escapes as they are). */
  decode?: (value: string) => string;
}

/** A cookie value with typed readers. */
export class CookieValue {
  constructor(readonly value: string) {}
  /** The value parsed as JSON; throws SyntaxError if it is not JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.value) as T;
  }
  number(): number {
    return Number(this.value);
  }
  /** False for '', 'false', '0' and 'off'; true otherwise. */
  boolean(): boolean {
    const v = this.value.trim().toLowerCase();
    return !(v === '' || v === 'false' || v === '0' || v === 'off');
  }
}

function safeDecode(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const identity = (value: string): string => value;

/** RFC 6265 §4.1.1 lets a value be wrapped in double quotes; the quotes are not part of it. */
function unquote(raw: string): string {
  return raw.length >= 2 && raw.charCodeAt(0) === 34 && raw.charCodeAt(raw.length - 1) === 34 ? raw.slice(1, -1) : raw;
}

interface Outgoing {
  name: string;
  /** undefined when the cookie was deleted. */
  value: string | undefined;
  header: string;
}

/** RFC 6265 §5.3 step 11: a cookie is identified by its name, domain and path. */
function cookieKey(name: string, options: CookieSetOptions): string {
  return `${name}\u0000${(options.domain ?? '').toLowerCase()}\u0000${options.path ?? '/'}`;
}

/** Cookies of one request. Writes go through `guard`, which throws once the response is sent. */
export class Cookies {
  #incoming: Record<string, string | undefined> | undefined;
  /** Keyed by name, domain and path: `sid` for /app and `sid` for /admin are two cookies. */
  private outgoing: Map<string, Outgoing> | undefined;
  /** The last write per name, which reads see. */
  #latest: Map<string, Outgoing> | undefined;

  readonly #cookieHeader: () => string | null;
  readonly #guard: (what: string) => void;

  constructor(cookieHeader: () => string | null, guard: (what: string) => void = () => {}) {
    this.#cookieHeader = cookieHeader;
    this.#guard = guard;
  }

  #parsed(): Record<string, string | undefined> {
    // parseCookie returns a null-prototype object: '__proto__' or 'constructor' stay plain keys.
    return (this.#incoming ??= parseCookie(this.#cookieHeader() ?? '', { decode: identity }));
  }

  /** The cookie's value (a value set during this request wins), or undefined. */
  get(name: string, options?: CookieGetOptions): CookieValue | undefined {
    const out = this.#latest?.get(name);
    if (out) return out.value === undefined ? undefined : new CookieValue(out.value);
    const raw = this.#parsed()[name];
    if (raw === undefined) return undefined;
    return new CookieValue((options?.decode ?? safeDecode)(unquote(raw)));
  }

  has(name: string): boolean {
    const out = this.#latest?.get(name);
    if (out) return out.value !== undefined;
    return this.#parsed()[name] !== undefined;
  }

  /** Sets a cookie; an object value is stored as JSON. Path defaults to '/'. */
  set(name: string, value: string | number | boolean | object, options: CookieSetOptions = {}): void {
    this.#guard(`cookies.set(${JSON.stringify(name)})`);
    const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    this.#write(name, text, { path: '/', ...options });
  }

  /** Deletes a cookie by expiring it; pass the same path and domain it was set with. */
  delete(name: string, options: CookieDeleteOptions = {}): void {
    this.#guard(`cookies.delete(${JSON.stringify(name)})`);
    this.#write(name, undefined, { path: '/', ...options, expires: new Date(0), maxAge: 0 });
  }

  /** Takes every cookie set on `other` (e.g. from a nested handler). */
  merge(other: Cookies): void {
    this.#guard('cookies.merge()');
    if (!other.outgoing) return;
    for (const [key, out] of other.outgoing) this.#remember(key, out);
  }

  /** The `Set-Cookie` header values, one per cookie. */
  *headers(): IterableIterator<string> {
    if (this.outgoing) for (const out of this.outgoing.values()) yield out.header;
  }

  /** True when any cookie was set or deleted. */
  get changed(): boolean {
    return this.outgoing !== undefined && this.outgoing.size > 0;
  }

  #write(name: string, value: string | undefined, options: CookieSetOptions): void {
    const { encode, ...attributes } = options;
    let header: string;
    try {
      header = stringifySetCookie({ name, value: value ?? '', ...attributes }, encode ? { encode } : undefined);
    } catch (error) {
      throw new InvalidCookieError(
        `Cannot set cookie ${JSON.stringify(name)}: ${(error as Error).message}. Cookie names are RFC 6265 tokens (no spaces, ` +
          'separators or control characters); values are encoded unless a custom `encode` returns characters a header cannot hold.',
      );
    }
    this.#remember(cookieKey(name, attributes), { name, value, header });
  }

  #remember(key: string, out: Outgoing): void {
    (this.outgoing ??= new Map()).set(key, out);
    (this.#latest ??= new Map()).set(out.name, out);
  }
}

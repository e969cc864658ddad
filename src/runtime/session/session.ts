/**
 * `ctx.session`: data kept between requests of one visitor. The cookie holds only a random id;
 * values are serialised with devalue (Dates, Maps, Sets, BigInts and cycles survive). Nothing is
 * read from the store until a read needs it, and nothing is written unless something changed:
 * the handler calls `persist()` once the route has answered.
 */
import { parse, stringify } from 'devalue';
import type { Cookies, CookieSetOptions } from '../cookies.ts';
import type { SessionDriver } from './driver.ts';

/** `set(key, value, { ttl })`: this key expires after `ttl` seconds (the session may live longer). */
export interface SessionSetOptions {
  ttl?: number;
}

/** The session settings that reach the runtime (plain data from the build). */
export interface SessionSettings {
  ttl: number;
  cookie: { name: string; options: Omit<CookieSetOptions, 'encode' | 'expires'> };
}

/** A key's serialised value and when it expires (ms since the epoch), if it does. */
type Stored = [value: string, expires?: number];
type Data = Record<string, Stored>;

/** Keys and values a session holds: declare them in `App.SessionData`. */
type Key<T> = Extract<keyof T, string>;

// randomUUID's form (and anything like it a custom store issued): never pass other text to a store.
const ID = /^[A-Za-z0-9_-]{16,128}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Thrown by `set()` with a value devalue cannot serialise (a function, a class instance...). */
export class SessionValueError extends Error {
  override name = 'SessionValueError';
}

/** One request's view of the visitor's session. */
export class Session<T = App.SessionData> {
  #id: string | undefined;
  #idRead = false;
  /** The id came from the request's cookie and the store has not yet shown it knows it. */
  #unverified = false;
  /** Whether the store held data for the cookie's id (set by the load). */
  #known = false;
  #stored: Promise<Data> | undefined;
  /** Writes of this request, applied over the stored data (undefined: deleted). */
  readonly #changes = new Map<string, Stored | undefined>();
  #cleared = false;
  /** Ids whose data is dropped when the request ends (destroy, regenerate). */
  readonly #dropped: string[] = [];

  readonly #cookies: Cookies;
  readonly #driver: () => SessionDriver;
  readonly #settings: SessionSettings;
  readonly #url: URL;
  readonly #guard: (what: string) => void;

  constructor(cookies: Cookies, driver: () => SessionDriver, settings: SessionSettings, url: URL, guard: (what: string) => void) {
    this.#cookies = cookies;
    this.#driver = driver;
    this.#settings = settings;
    this.#url = url;
    this.#guard = guard;
  }

  /** The value of `key`, or undefined. */
  async get<K extends Key<T>>(key: K): Promise<T[K] | undefined> {
    const entry = await this.#entry(key);
    return entry ? (parse(entry[0]) as T[K]) : undefined;
  }

  async has(key: Key<T>): Promise<boolean> {
    return (await this.#entry(key)) !== undefined;
  }

  /** Every key with a value. */
  async keys(): Promise<Array<Key<T>>> {
    const data = await this.#data();
    return Object.keys(data).filter((key) => live(data[key])) as Array<Key<T>>;
  }

  /** Sets `key`; the session (and its cookie) is created on first set. */
  set<K extends Key<T>>(key: K, value: T[K], options: SessionSetOptions = {}): void {
    this.#guard(`session.set(${JSON.stringify(key)})`);
    let text: string;
    try {
      text = stringify(value);
    } catch (error) {
      throw new SessionValueError(`session.set(${JSON.stringify(key)}): ${(error as Error).message}. Session values are data: objects, arrays, Dates, Maps, Sets, BigInts, URLs, not functions or class instances.`);
    }
    const ttl = options.ttl;
    if (ttl !== undefined && !(typeof ttl === 'number' && ttl > 0)) throw new RangeError(`session.set(${JSON.stringify(key)}): ttl must be a positive number of seconds.`);
    this.#ensureId();
    this.#changes.set(key, ttl === undefined ? [text] : [text, Date.now() + ttl * 1000]);
  }

  delete(key: Key<T>): void {
    this.#guard(`session.delete(${JSON.stringify(key)})`);
    if (this.#currentId() === undefined) return;
    this.#changes.set(key, undefined);
  }

  /** Moves the data to a new id (call it when a visitor signs in, against session fixation). */
  async regenerate(): Promise<void> {
    this.#guard('session.regenerate()');
    const data = await this.#data();
    const old = this.#currentId();
    if (old) this.#dropped.push(old);
    this.#id = undefined;
    this.#unverified = false;
    this.#ensureId();
    this.#cleared = true;
    this.#stored = Promise.resolve({});
    for (const [key, entry] of Object.entries(data)) if (!this.#changes.has(key)) this.#changes.set(key, entry);
  }

  /** Ends the session: its data is deleted and its cookie expired. */
  destroy(): void {
    this.#guard('session.destroy()');
    const id = this.#currentId();
    if (id) this.#dropped.push(id);
    this.#id = undefined;
    this.#changes.clear();
    this.#cleared = true;
    this.#stored = Promise.resolve({});
    this.#cookies.delete(this.#settings.cookie.name, this.#cookieOptions());
  }

  /** True once this request found or made a session: what it answers is this visitor's. */
  get personal(): boolean {
    return this.#idRead && this.#id !== undefined;
  }

  /**
   * Called before the response's headers are final: writes under an id the store does not know
   * (planted by someone else, or expired) move to a fresh id and cookie, so whoever chose the id
   * cannot read what this visitor stores (session fixation).
   */
  async settle(): Promise<void> {
    if (!this.#unverified || this.#changes.size === 0) return;
    await this.#stored_();
    this.#unverified = false;
    if (this.#known) return;
    this.#id = undefined;
    this.#ensureId();
  }

  /** Writes this request's changes to the store (called by the handler after the route answered). */
  async persist(): Promise<void> {
    await this.settle();
    const driver = this.#dropped.length > 0 || this.#changes.size > 0 ? this.#driver() : undefined;
    if (!driver) return;
    await Promise.all(this.#dropped.splice(0).map((id) => driver.delete(id)));
    const id = this.#id;
    if (id === undefined || this.#changes.size === 0) return;
    const data = { ...(this.#cleared ? {} : await this.#data()) };
    for (const [key, entry] of this.#changes) {
      if (entry === undefined) delete data[key];
      else data[key] = entry;
    }
    for (const key of Object.keys(data)) if (!live(data[key])) delete data[key];
    await driver.set(id, JSON.stringify(data), this.#settings.ttl);
    // A rewritten request shares this session: a second persist() writes nothing again.
    this.#changes.clear();
    this.#cleared = false;
    this.#stored = Promise.resolve(data);
  }

  async #entry(key: string): Promise<Stored | undefined> {
    const change = this.#changes.get(key);
    const entry = this.#changes.has(key) ? change : (await this.#stored_())[key];
    return entry && live(entry) ? entry : undefined;
  }

  async #data(): Promise<Data> {
    const data = { ...(await this.#stored_()) };
    for (const [key, entry] of this.#changes) {
      if (entry === undefined) delete data[key];
      else data[key] = entry;
    }
    return data;
  }

  /** What the store holds for the cookie's id, read once per request. */
  #stored_(): Promise<Data> {
    return (this.#stored ??= this.#load());
  }

  async #load(): Promise<Data> {
    const id = this.#currentId();
    if (id === undefined) return {};
    const text = await this.#driver().get(id);
    this.#known = text !== null;
    if (text === null) return {};
    try {
      const data = JSON.parse(text) as unknown;
      return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Data) : {};
    } catch {
      // Unreadable data (written by something else) is no session rather than a failed request.
      return {};
    }
  }

  /** The id from the request's cookie, if it has a well-formed one. */
  #currentId(): string | undefined {
    if (!this.#idRead) {
      this.#idRead = true;
      const value = this.#cookies.get(this.#settings.cookie.name)?.value;
      if (value !== undefined && ID.test(value)) {
        this.#id = value;
        this.#unverified = true;
      }
    }
    return this.#id;
  }

  #ensureId(): void {
    if (this.#currentId() !== undefined) return;
    this.#id = crypto.randomUUID();
    this.#cookies.set(this.#settings.cookie.name, this.#id, { ...this.#cookieOptions(), maxAge: this.#settings.cookie.options.maxAge ?? this.#settings.ttl });
  }

  #cookieOptions(): CookieSetOptions {
    return { path: '/', httpOnly: true, sameSite: 'lax', secure: !LOCAL_HOSTS.has(this.#url.hostname), ...this.#settings.cookie.options };
  }
}

function live(entry: Stored | undefined): boolean {
  return entry !== undefined && (entry[1] === undefined || entry[1] > Date.now());
}

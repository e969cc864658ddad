/** Where session data lives: a key-value store any platform can implement in a few lines. */

/** Stores one serialised session per id. `ttl` is in seconds; the store may drop the value after it. */
export interface SessionDriver {
  get(id: string): Promise<string | null>;
  set(id: string, value: string, ttl: number): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Makes the driver for a request's `env` (bindings live there on Workers). A custom driver module default-exports one. */
export type SessionDriverFactory = (env: unknown) => SessionDriver;

/** A session was used but its store cannot be reached (a missing binding, a broken driver module). */
export class SessionStoreError extends Error {
  override name = 'SessionStoreError';
}

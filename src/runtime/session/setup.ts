/** What the build wires into a bundle whose routes use sessions: the driver and the settings. */
import type { RequestContext } from '../context.ts';
import type { SessionDriver, SessionDriverFactory } from './driver.ts';
import { Session, type SessionSettings } from './session.ts';

/** Opens a request's session; absent from bundles whose routes never read `ctx.session`. */
export interface SessionSupport {
  /** The session cookie's name. */
  cookie: string;
  open(ctx: RequestContext): Session;
  /** Whether the request carries a session cookie (its answer may be that visitor's own). */
  hasCookie(request: Request): boolean;
}

/** Sessions stored by `driver` with `settings` (the config's ttl and cookie). */
export function sessionSupport(driver: SessionDriverFactory, settings: SessionSettings): SessionSupport {
  const cookie = new RegExp(`(?:^|;)\\s*${settings.cookie.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`);
  return {
    cookie: settings.cookie.name,
    hasCookie: (request) => cookie.test(request.headers.get('cookie') ?? ''),
    open(ctx) {
      let store: SessionDriver | undefined;
      return new Session(ctx.cookies, () => (store ??= driver(ctx.env)), settings, ctx.url, ctx.guard);
    },
  };
}

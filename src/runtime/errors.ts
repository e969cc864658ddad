/** Errors a user can search for by name. */

/** A write to the response (status, headers, cookies, redirect) after the HTML stream started. */
export class ResponseSentError extends Error {
  override name = 'ResponseSentError';
  constructor(what: string, component: string | undefined) {
    super(
      `${what} was called${component ? ` from <${component}>` : ''} after the HTML stream started: the status, headers and cookies were already sent. ` +
        'Move the call to the page function (before it returns JSX) or to middleware before `next()`.',
    );
  }
}

/** `redirect()` with a status that is not a redirect. */
export class InvalidRedirectError extends Error {
  override name = 'InvalidRedirectError';
}

/** A prerendered route read data that only exists per request (cookies, headers, client address). */
export class PrerenderRequestDataError extends Error {
  override name = 'PrerenderRequestDataError';
  constructor(what: string, route: string) {
    super(
      `${route} is prerendered but reads ${what}, which only exists per request. ` +
        'Add `export const prerender = false` to the route, or stop reading it.',
    );
  }
}

/** A cookie name or value that would break the `Set-Cookie` header. */
export class InvalidCookieError extends Error {
  override name = 'InvalidCookieError';
}

/** A request the framework refuses with a 4xx (malformed URL or escapes). */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A route module that does not export what its kind needs. */
export class InvalidRouteModuleError extends Error {
  override name = 'InvalidRouteModuleError';
}

/** `ctx.rewrite()` or `next(path)` to another origin, or a chain of rewrites that comes back on itself. */
export class RewriteError extends Error {
  override name = 'RewriteError';
}

/** Errors a user can search for by name. */

/**
 * An error named after its class (`error.name`, the first line of its stack): one assignment
 * here instead of a `name` field per class (the build keeps the framework's error class names
 * through minifying: src/build/jsx/component-names.ts).
 */
export class NamedError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A write to the response (status, headers, cookies, redirect) after the HTML stream started. */
export class ResponseSentError extends NamedError {
  constructor(what: string, component: string | undefined) {
    super(
      `${what} was called${component ? ` from <${component}>` : ''} after the HTML stream started: the status, headers and cookies were already sent. ` +
        'Move the call to the page function (before it returns JSX) or to middleware before `next()`.',
    );
  }
}

/** `redirect()` with a status that is not a redirect. */
export class InvalidRedirectError extends NamedError {}

/** A prerendered route read data that only exists per request (cookies, headers, client address). */
export class PrerenderRequestDataError extends NamedError {
  constructor(what: string, route: string) {
    super(
      `${route} is prerendered but reads ${what}, which only exists per request. ` +
        'Add `export const prerender = false` to the route, or stop reading it.',
    );
  }
}


/** A request the framework refuses with a 4xx (malformed URL or escapes). */
export class BadRequestError extends NamedError {
  declare readonly status: number;
  declare readonly statusText: string;
  constructor(message: string, status = 400, statusText = 'Bad Request') {
    super(message);
    this.status = status;
    this.statusText = statusText;
  }
}

/** A request body longer than `limits.bodyBytes`: 413 unless the route catches it. */
export class PayloadTooLargeError extends BadRequestError {
  constructor(limit: number) {
    super(`The request body is larger than limits.bodyBytes (${limit} bytes); raise it in edgepress.config.ts if this route takes larger bodies.`, 413, 'Payload Too Large');
  }
}

/**
 * A value the framework would copy into a response header (a redirect's location, a header set
 * on ctx.response) that a header cannot hold: CR/LF would split the response. 400: it usually
 * comes from the request.
 */
export class InvalidHeaderError extends BadRequestError {
  constructor(what: string) {
    super(`${what} contains a control character (CR, LF, NUL...) or one above U+00FF, which a header cannot hold (CR/LF would split the response). Validate or encodeURIComponent() the value first.`);
  }
}

/** No response within `limits.renderTimeoutMs`: 504 before the first byte, the stream ended after it. */
export class RenderTimeoutError extends NamedError {
  constructor(ms: number) {
    super(`No response within limits.renderTimeoutMs (${ms} ms): the route, middleware or a store it awaits never finished. Raise the limit in edgepress.config.ts if this route is meant to be slow.`);
  }
}

/** A cookie name or value that would break the `Set-Cookie` header (400: it usually comes from the request). */
export class InvalidCookieError extends BadRequestError {}

/** A route module that does not export what its kind needs. */
export class InvalidRouteModuleError extends NamedError {}

/** `ctx.rewrite()` or `next(path)` to another origin, or a chain of rewrites that comes back on itself. */
export class RewriteError extends NamedError {}

/** A feature the build left out of the bundle because the site's code did not seem to use it (site-wiring.ts). */
export class NotBundledError extends NamedError {
  /** `what`: the feature as code names it ('ctx.cache'); `when`: what makes the build add it. */
  constructor(what: string, when: string) {
    super(`${what} is not in this bundle: the build adds it when ${when}, and none does. Write the name out where it is used; a name built at run time cannot be seen.`);
  }
}

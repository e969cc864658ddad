/** Headers added to a response the route made, which may have immutable headers (fetch(), Response.redirect()). */

/** `response` with `name` set, copied once if its headers are immutable. */
export function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/** `response` with the `Set-Cookie` headers of `iterable` appended, copied once if its headers are immutable. */
export function withCookies(response: Response, iterable: Iterable<string>): Response {
  const cookies = [...iterable];
  try {
    for (const cookie of cookies) response.headers.append('set-cookie', cookie);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const cookie of cookies) copy.headers.append('set-cookie', cookie);
    return copy;
  }
}

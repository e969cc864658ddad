/**
 * Callbacks on a raw hono string (`raw(html, callbacks)`, hono's HtmlEscapedCallback), run as
 * hono's `renderToReadableStream` runs them: first with a buffer (phase BeforeStream), then
 * without (phase Stream), all with one context object per render. A stream cannot hand over
 * the whole document, so the buffer holds the string itself: what a callback leaves in it is
 * written in place of the string. What a callback returns is appended after the document.
 */
const BEFORE_STREAM = 2; // hono's HtmlEscapedCallbackPhase
const STREAM = 3;

type Callback = (options: { phase: number; buffer?: [string]; context: object }) => unknown;

/** The string's HTML after its callbacks; `later` receives each returned value's HTML. */
export function runCallbacks(text: string, callbacks: readonly unknown[], context: object, later: (html: Promise<string>) => void): string {
  const buffer: [string] = [text];
  for (const callback of callbacks) {
    if (typeof callback !== 'function') continue;
    const result = (callback as Callback)({ phase: BEFORE_STREAM, buffer, context });
    if (result !== undefined && result !== null) later(resultHtml(result, BEFORE_STREAM, context));
  }
  for (const callback of callbacks) {
    if (typeof callback !== 'function') continue;
    const result = (callback as Callback)({ phase: STREAM, context });
    if (result !== undefined && result !== null) later(resultHtml(result, STREAM, context));
  }
  return buffer[0];
}

/** A callback's result as HTML (hono's `resolveCallback`): raw text, whose own callbacks run on it in turn. */
async function resultHtml(result: unknown, phase: number, context: object): Promise<string> {
  const value = await result;
  if (value === undefined || value === null || value === false) return '';
  const callbacks = (value as { callbacks?: unknown[] }).callbacks;
  const buffer: [string] = [String(value)];
  if (!callbacks?.length) return buffer[0];
  const results = await Promise.all(callbacks.map((c) => (typeof c === 'function' ? (c as Callback)({ phase, buffer, context }) : undefined)));
  for (const r of results) if (r !== undefined && r !== null) buffer[0] += await resultHtml(r, phase, context);
  return buffer[0];
}

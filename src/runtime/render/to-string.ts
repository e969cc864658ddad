/**
 * `String(node)` for the nodes edgepress's server JSX runtime makes (jsx-runtime.ts) and for
 * compiled templates: the HTML the renderer writes for them, as hono's `toString()` gives it for
 * its own nodes (what hono's `html` helper and `c.html()` call). A tree that renders synchronously
 * is a string at once; one with an async component, a Suspense that waits or a raw string's
 * callback result is a Promise of the escaped string. A Suspense's content is written in its place
 * (there is no document to swap it into), and no doctype is added.
 */
import { RenderState } from './render-state.ts';
import { currentScope } from './scope.ts';
import { isAllText, settleParts, type Part } from './slot.ts';
import { Walker } from './walker.ts';

/** hono's HtmlEscapedString: a String that says it is HTML already. */
export type EscapedString = string & { isEscaped: true };

/** The HTML of `node`, synchronously when nothing in it waits. Throws (or rejects with) what a component throws. */
export function nodeToString(node: object): string | Promise<EscapedString> {
  const failed: unknown[] = [];
  // The component that called it (hono's html helper in a component) still sees its page (usePage()).
  const state = new RenderState(currentScope(), (error) => failed.push(error), undefined, true);
  state.atStart = false;
  const walker = new Walker(state, node);
  walker.run(Infinity);
  if (state.pendingTails === 0 && failed.length === 0 && isAllText(walker.out)) return walker.out.length === 1 ? walker.out[0]! : walker.out.join('');
  return settle(walker.out, state, failed);
}

async function settle(parts: Part[], state: RenderState, failed: unknown[]): Promise<EscapedString> {
  let html = await settleParts(parts);
  while (state.pendingTails > 0) await state.nextTail();
  html += state.tails.join('');
  if (failed.length > 0) throw failed[0];
  return Object.assign(new String(html), { isEscaped: true }) as unknown as EscapedString;
}

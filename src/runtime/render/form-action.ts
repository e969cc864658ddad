/**
 * The URL a function given as a form's `action` (or an input's or button's `formAction`) stands
 * for: an edgepress action's own, or the permalink hono's `useActionState` put on it. A production
 * bundle with neither edgepress actions nor hono's code has a stand-in: no function there has a
 * URL, and the attribute is left out, as here (src/build/render-features.ts).
 */

/** An action from `defineAction()` (edgepress/actions): its URL is its string (`?_action=name`). Known by a symbol so the renderer need not import it. */
const ACTION = Symbol.for('edgepress.action');
function isActionRef(v: object): boolean {
  return ACTION in v;
}

/** hono's private `PERMALINK` symbol, found on the first action function that carries it (`useActionState(fn, init, permalink)`). */
let PERMALINK: symbol | undefined;

/** The URL a form action function stands for, or undefined (no attribute) when it has none. */
function permalink(action: object): unknown {
  if (PERMALINK === undefined) {
    PERMALINK = Object.getOwnPropertySymbols(action).find((s) => s.description === 'PERMALINK');
    if (PERMALINK === undefined) return undefined;
  }
  return (action as Record<symbol, unknown>)[PERMALINK];
}

/** The URL form action `action` stands for, or undefined (no attribute) when it has none. */
export function formActionUrl(action: object): unknown {
  return isActionRef(action) ? String(action) : permalink(action);
}

/**
 * How the renderer tells JSX nodes and special components apart, by their shape and by marks,
 * importing nothing: edgepress's own server JSX runtime (jsx-runtime.ts) and hono's node classes
 * (a site calling hono's `jsx()` or `cloneElement()`) read the same. Importing hono's classes to
 * recognise them would put hono's whole string renderer (base.js, ~5 KB gzip) in every worker.
 * Suspense and ErrorBoundary are recognised without importing them: importing them would pull
 * hono's DOM renderer (~7 KB gzip, ~1.5 ms of start-up) into every worker, used or not.
 * What a function tag is, from these marks: hono-tags.ts.
 */

/** A JSX element as the renderer reads it (edgepress's or hono's). */
export interface JsxNode {
  tag: string | ((props: Record<string, unknown>) => unknown);
  props: Record<string, unknown>;
  children: unknown[];
}

/** A hono context (`createContext()`), which is also its own Provider component. */
export interface HonoContext {
  (props: Record<string, unknown>): unknown;
  values: unknown[];
  Provider: unknown;
}

/**
 * A JSX node: an object with a `tag` that says it is escaped HTML, as both runtimes' nodes do
 * (hono's `raw()` strings have no tag; a Promise is not escaped). Compiled templates have the tag ''.
 */
export function isJsxNode(value: object): value is JsxNode {
  return (value as Partial<JsxNode>).tag !== undefined && (value as { isEscaped?: unknown }).isEscaped === true;
}

/** Set on edgepress's `Fragment` (jsx-runtime.ts): its children render in place, with no call. */
export const FRAGMENT_MARK: unique symbol = Symbol('edgepress.fragment');

/**
 * Set by the build on hono's replacements for intrinsic tags (`title`, `form`...: its
 * intrinsic-element/components.js), with the tag's name: hono's `jsx('title')` makes a node whose
 * tag is such a function; the renderer writes the tag itself (hono-jsx-server.ts).
 */
export const INTRINSIC_MARK = Symbol.for('edgepress.intrinsic');

/** What the walker does with a function tag. */
export const COMPONENT = 0;
export const PROVIDER = 1;
export const SUSPENSE = 2;
export const ERROR_BOUNDARY = 3;
/** One of hono's replacements for an intrinsic tag (title, form, ...): rendered as that tag. */
export const INTRINSIC = 4;
/** edgepress's Fragment: its children in place. */
export const FRAGMENT = 5;
export type TagKind = typeof COMPONENT | typeof PROVIDER | typeof SUSPENSE | typeof ERROR_BOUNDARY | typeof INTRINSIC | typeof FRAGMENT;

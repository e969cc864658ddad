/**
 * Recognises hono/jsx's node classes and built-in components without reaching into its
 * private modules: each is found once, from what the public `jsx()` returns. Suspense and
 * ErrorBoundary are recognised without importing them: importing them would pull hono's DOM
 * renderer (~7 KB gzip, ~1.5 ms of start-up) into every worker, used or not.
 */
import { jsx, Fragment } from 'hono/jsx/jsx-runtime';

/** A hono/jsx element as the renderer reads it. */
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

export interface JsxKinds {
  Node: abstract new (...args: never[]) => JsxNode;
  FunctionNode: abstract new (...args: never[]) => JsxNode;
  /** Typed loosely so `instanceof` does not narrow a JsxNode away. */
  FragmentNode: abstract new (...args: never[]) => object;
  /** hono's built-in replacements for intrinsic tags (title, form, ...) by function, with their tag name. */
  intrinsic: Map<unknown, string>;
  /** The context hono uses to mark `<svg>` and `<head>` subtrees. */
  nameSpace: unknown;
}

let kinds: JsxKinds | undefined;

const INTRINSIC_COMPONENTS = ['title', 'meta', 'link', 'script', 'style', 'form', 'input', 'button'];

/** The node classes and special components, found on first use. */
export function jsxKinds(): JsxKinds {
  if (kinds) return kinds;
  const make = jsx as unknown as (tag: unknown, props: Record<string, unknown>) => JsxNode;
  const svg = make('svg', {});
  const intrinsic = new Map<unknown, string>();
  for (const name of INTRINSIC_COMPONENTS) {
    const tag = make(name, {}).tag;
    if (typeof tag === 'function') intrinsic.set(tag, name);
  }
  kinds = {
    Node: svg.constructor as JsxKinds['Node'],
    FunctionNode: make(() => null, {}).constructor as JsxKinds['FunctionNode'],
    FragmentNode: (Fragment as unknown as (p: object) => JsxNode)({ children: [] }).constructor as JsxKinds['FragmentNode'],
    intrinsic,
    nameSpace: (svg.children[0] as JsxNode | undefined)?.tag,
  };
  return kinds;
}

export type BuiltinComponent = 'Suspense' | 'ErrorBoundary';

/**
 * hono's own Suspense or ErrorBoundary: the name, plus the symbol hono sets on its built-ins
 * (`[Symbol('RENDERER')]`, their DOM twin), so a user's component of the same name is not taken
 * for them. If a minifier dropped the names, they still work as plain components, rendered by hono.
 */
function builtinComponent(tag: (...args: never[]) => unknown): BuiltinComponent | undefined {
  const name = tag.name;
  return (name === 'Suspense' || name === 'ErrorBoundary') && Object.getOwnPropertySymbols(tag).some((s) => s.description === 'RENDERER')
    ? name
    : undefined;
}

/** What the walker does with a function tag. */
export const COMPONENT = 0;
export const PROVIDER = 1;
export const SUSPENSE = 2;
export const ERROR_BOUNDARY = 3;
/** One of hono's replacements for an intrinsic tag (title, form, ...): rendered as that tag. */
export const INTRINSIC = 4;
export type TagKind = typeof COMPONENT | typeof PROVIDER | typeof SUSPENSE | typeof ERROR_BOUNDARY | typeof INTRINSIC;

const tagKinds = new WeakMap<object, TagKind>();

/** The kind of a function tag, worked out once per function (one lookup per component call after that). */
export function tagKind(tag: (...args: never[]) => unknown): TagKind {
  let kind = tagKinds.get(tag);
  if (kind === undefined) {
    const builtin = builtinComponent(tag);
    kind = isContextProvider(tag)
      ? PROVIDER
      : builtin === 'Suspense'
        ? SUSPENSE
        : builtin === 'ErrorBoundary'
          ? ERROR_BOUNDARY
          : jsxKinds().intrinsic.has(tag)
            ? INTRINSIC
            : COMPONENT;
    tagKinds.set(tag, kind);
  }
  return kind;
}

/** True for a hono context used as a component (`<Ctx.Provider value>` or `<Ctx value>`). */
export function isContextProvider(tag: unknown): tag is HonoContext {
  return typeof tag === 'function' && (tag as Partial<HonoContext>).Provider === tag && Array.isArray((tag as HonoContext).values);
}

/**
 * What a function tag is: edgepress's Fragment, or one of the kinds only hono's own code makes (a
 * context used as a component, its Suspense and ErrorBoundary, its intrinsic-element components),
 * else a component; and how the walker renders hono's kinds. A production bundle that holds none
 * of hono's code has a stand-in that knows only the Fragment (src/build/render-features.ts).
 */
import { renderErrorBoundary, renderSuspense, type Placed } from './boundaries.ts';
import {
  COMPONENT,
  ERROR_BOUNDARY,
  FRAGMENT,
  FRAGMENT_MARK,
  INTRINSIC,
  INTRINSIC_MARK,
  PROVIDER,
  SUSPENSE,
  type HonoContext,
  type JsxNode,
  type TagKind,
} from './jsx-kinds.ts';
import { metadataProps } from './metadata-tags.ts';
import type { Walker } from './walker.ts';

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

const tagKinds = new WeakMap<object, TagKind>();

/** The kind of a function tag, worked out once per function (one lookup per component call after that). */
export function tagKind(tag: (...args: never[]) => unknown): TagKind {
  let kind = tagKinds.get(tag);
  if (kind === undefined) {
    const builtin = builtinComponent(tag);
    kind = isContextProvider(tag)
      ? PROVIDER
      : FRAGMENT_MARK in tag
        ? FRAGMENT
        : builtin !== undefined
          ? builtin === 'Suspense'
            ? SUSPENSE
            : ERROR_BOUNDARY
          : intrinsicName(tag) !== undefined
            ? INTRINSIC
            : COMPONENT;
    tagKinds.set(tag, kind);
  }
  return kind;
}

/** The tag a hono intrinsic-element component stands for (see INTRINSIC_MARK). */
function intrinsicName(tag: object): string | undefined {
  const name = (tag as { [INTRINSIC_MARK]?: unknown })[INTRINSIC_MARK];
  return typeof name === 'string' ? name : undefined;
}

/** True for a hono context used as a component (`<Ctx.Provider value>` or `<Ctx value>`). */
function isContextProvider(tag: unknown): tag is HonoContext {
  return typeof tag === 'function' && (tag as Partial<HonoContext>).Provider === tag && Array.isArray((tag as HonoContext).values);
}

/** Renders `node`, whose tag is one of hono's kinds (`kind`: neither a component nor the Fragment). */
export function renderHonoTag(w: Walker, node: JsxNode, frame: Placed, kind: TagKind): void {
  switch (kind) {
    case PROVIDER:
      return w.push(node.children, '', frame, { ctx: node.tag as unknown as HonoContext, value: node.props.value, next: frame.provided }, frame.ns);
    case SUSPENSE:
      return renderSuspense(w, node, frame);
    case ERROR_BOUNDARY:
      return renderErrorBoundary(w, node, frame);
    default: {
      const name = intrinsicName(node.tag as object)!;
      return w.element(name, metadataProps(name, node.props, frame.ns), node.children, frame);
    }
  }
}

/**
 * The JSX runtime of server bundles: what `hono/jsx/jsx-runtime` and `hono/jsx/jsx-dev-runtime`
 * resolve to there (esbuild-options.ts). Its nodes hold what hono's JSXNode holds (`tag`, `props`,
 * `children`, `key`, `isEscaped`, `type`, `ref`) and nothing else: the renderer (walker.ts) reads
 * them, and `String(node)` renders them with it (to-string.ts). hono's own classes carry hono's
 * whole string renderer, which a server bundle does not otherwise use. Intrinsic tags stay strings
 * (hono swaps `title`, `form`... for components of its own; the renderer writes what they write).
 */
import { FRAGMENT_MARK } from './jsx-kinds.ts';
import { nodeToString } from './to-string.ts';

type Props = Record<string, unknown>;
type Tag = string | ((props: Props) => unknown);

/** A JSX element made by this runtime. */
export class JsxElement {
  declare readonly isEscaped: true;

  constructor(
    readonly tag: Tag,
    readonly props: Props,
    readonly children: unknown[],
    public key: unknown,
  ) {}

  /** React's name for `tag`, as hono has it. */
  get type(): Tag {
    return this.tag;
  }

  get ref(): unknown {
    return this.props.ref || null;
  }

  toString(): string | Promise<string> {
    return nodeToString(this);
  }
}
Object.defineProperty(JsxElement.prototype, 'isEscaped', { value: true });

/** hono's tag-name rule: a name it could not write as a tag throws when the element is made. */
const INVALID_TAG = /^[!?]|[\s"'<>/=`\\\x00-\x1f\x7f-\x9f]/;
const validTags = new Set<string>();

/** The automatic runtime's element factory (`jsx`, `jsxs` and `jsxDEV` alike, as in hono). */
export function jsx(tag: Tag, props: Props | null | undefined, key?: unknown): JsxElement {
  if (typeof tag !== 'function' && !validTags.has(tag)) {
    if (typeof tag !== 'string' || INVALID_TAG.test(tag)) throw new Error(`Invalid JSX tag name: ${String(tag)}`);
    if (validTags.size >= 256) validTags.clear();
    validTags.add(tag);
  }
  props ??= {};
  const children = !('children' in props) ? [] : Array.isArray(props.children) ? props.children : [props.children];
  return new JsxElement(tag, props, children, key);
}

/** `<>...</>`: its children in place. */
export function Fragment(props: { children?: unknown }): JsxElement {
  const children = props.children;
  return new JsxElement('', { children }, Array.isArray(children) ? children : children ? [children] : [], undefined);
}
(Fragment as unknown as Record<symbol, boolean>)[FRAGMENT_MARK] = true;

export { jsx as jsxs, jsx as jsxDEV };

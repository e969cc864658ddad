/**
 * Which JSX elements the precompile transform may turn into markup, and why not when it may
 * not: whatever the static analysis cannot be sure renders the same bytes stays a runtime call.
 */
import type { JSXAttributeItem, JSXChild, JSXElement } from 'oxc-parser';
import { VOID_ELEMENTS } from '../../runtime/render/attributes.ts';

/**
 * hono renders these tags through components that rewrite these props (runtime/render/metadata-tags.ts),
 * depending on the other props and on whether the tag lands in `<head>` or `<svg>`: such an element
 * stays a runtime call. (`script` and `style` always do.)
 */
const METADATA_TAGS = new Set(['title', 'meta', 'link']);
const METADATA_PROPS = new Set(['precedence', 'blocking', 'itemProp']);

/** A lowercase JSX name, as esbuild passes it to jsx() as a string (not a component). */
export function intrinsicName(element: JSXElement): string | undefined {
  const name = element.openingElement.name;
  if (name.type !== 'JSXIdentifier' || !/^[a-z]/.test(name.name)) return undefined;
  return name.name;
}

/** True for an element esbuild treats as a component or member expression (`<Item>`, `<ui.Card>`). */
export function isComponent(element: JSXElement): boolean {
  const name = element.openingElement.name;
  return name.type !== 'JSXNamespacedName' && intrinsicName(element) === undefined;
}

/** An attribute's prop name as esbuild writes it (`xlink:href` for a namespaced one). */
export function attributeKey(attribute: JSXAttributeItem): string | undefined {
  if (attribute.type !== 'JSXAttribute') return undefined;
  const name = attribute.name;
  return name.type === 'JSXNamespacedName' ? `${name.namespace.name}:${name.name.name}` : name.name;
}

/** True when a child renders something at run time (esbuild drops empty text and `{}` / comments). */
export type ChildCounter = (child: JSXChild) => boolean;

/**
 * Why `element` must stay a runtime call, or undefined when it compiles. `counts` says whether a
 * child is a real child (text that decodes to '' is not).
 */
export function whyNotCompiled(element: JSXElement, counts: ChildCounter): string | undefined {
  const name = element.openingElement.name;
  if (name.type === 'JSXNamespacedName') return 'namespaced tag';
  const tag = intrinsicName(element);
  if (tag === undefined) return 'component';
  if (tag in Object.prototype) return 'reserved tag name';
  // The renderer gives each one the response's CSP nonce, which exists only per request.
  if (tag === 'script' || tag === 'style') return 'script or style (CSP nonce)';
  const seen = new Set<string>();
  for (const attribute of element.openingElement.attributes) {
    const key = attributeKey(attribute);
    if (key === undefined) return 'spread props';
    // They change the children, and hono reads them from the props object.
    if (key === 'children' || key === 'dangerouslySetInnerHTML') return `${key} prop`;
    // A repeated prop keeps its first position with its last value; `__proto__` sets the prototype.
    if (seen.has(key) || key === '__proto__') return 'repeated prop';
    seen.add(key);
    if (METADATA_TAGS.has(tag) && METADATA_PROPS.has(key)) return 'metadata props (precedence, blocking, itemProp)';
    if (attribute.type === 'JSXAttribute' && attribute.value?.type === 'JSXExpressionContainer' && attribute.value.expression.type === 'JSXEmptyExpression') {
      return 'empty attribute expression';
    }
  }
  let children = 0;
  for (const child of element.children) {
    if (child.type === 'JSXSpreadChild') return 'spread children';
    if (counts(child)) children++;
  }
  // Whether a void element closes with `/>` depends on its children's runtime shape (an empty array counts as none).
  if (children > 0 && VOID_ELEMENTS.has(tag)) return 'children of a void element';
  return undefined;
}

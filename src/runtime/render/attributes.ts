/** Serialises an element's props to HTML attributes the way hono/jsx does. */
import { NamedError } from '../errors.ts';
import { escapeHtml } from './escape.ts';
import { formActionUrl } from './form-action.ts';
import { styleAttribute } from './style-object.ts';
import { svgAttributeName } from './svg-names.ts';

/** Elements that never have children and close with `/>`, as in hono/jsx. */
export const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

const BOOLEAN_ATTRIBUTES = new Set([
  'allowfullscreen', 'async', 'autofocus', 'autoplay', 'checked', 'controls', 'default', 'defer', 'disabled', 'download',
  'formnovalidate', 'hidden', 'inert', 'ismap', 'itemscope', 'loop', 'multiple', 'muted', 'nomodule', 'novalidate', 'open',
  'playsinline', 'readonly', 'required', 'reversed', 'selected', 'shadowrootclonable', 'shadowrootdelegatesfocus',
  'shadowrootserializable',
]);

const RENAMED: Record<string, string> = {
  className: 'class', htmlFor: 'for', crossOrigin: 'crossorigin', httpEquiv: 'http-equiv', itemProp: 'itemprop',
  fetchPriority: 'fetchpriority', noModule: 'nomodule', formAction: 'formaction',
};

const INVALID_NAME = /[\s"'<>/=`\\\x00-\x1f\x7f-\x9f]/;

const validNames = new Set<string>();

/** The attribute name hono writes for prop `key` (renamed, SVG-cased), or undefined when it is not a valid name. */
export function attributeName(key: string, svg: boolean): string | undefined {
  let name = RENAMED[key] ?? key;
  if (svg) name = svgAttributeName(name);
  if (validNames.has(name)) return name;
  if (name.length === 0 || INVALID_NAME.test(name)) return undefined;
  if (validNames.size > 1024) validNames.clear();
  validNames.add(name);
  return name;
}

function isEscaped(v: unknown): boolean {
  return v instanceof String && (v as { isEscaped?: boolean }).isEscaped === true;
}

/** Thrown for a prop whose value cannot become an attribute. */
export class InvalidAttributeError extends NamedError {}

/** Renders `props` as ` name="value"` pairs (children and `dangerouslySetInnerHTML` are the caller's). */
export function renderAttributes(tag: string, props: Record<string, unknown>, svg: boolean): string {
  let attrs = '';
  for (const key in props) {
    if (key === 'children' || key === 'ref' || key === 'key' || key === 'dangerouslySetInnerHTML') continue;
    attrs += renderAttribute(tag, key, props[key], svg);
  }
  return attrs;
}

/**
 * One prop as ` name="value"`, or '' when it renders nothing. Compiled templates call it for
 * their dynamic attributes, and the build for their static ones, so both match the walker.
 */
export function renderAttribute(tag: string, key: string, v: unknown, svg: boolean): string {
  if (v === null || v === undefined) return '';
  const name = attributeName(key, svg);
  if (name === undefined) return '';
  return renderNamedAttribute(tag, key, name, v);
}

/** `renderAttribute` with the name already resolved by `attributeName` (templates resolve it at build time). */
export function renderNamedAttribute(tag: string, key: string, name: string, v: unknown): string {
  switch (typeof v) {
    case 'string':
      return ` ${name}="${escapeHtml(v)}"`;
    case 'number':
    case 'bigint':
      return ` ${name}="${v}"`;
    case 'boolean':
      if (BOOLEAN_ATTRIBUTES.has(name)) return v ? ` ${name}=""` : '';
      return ` ${name}="${v}"`;
    case 'function':
      // Event handlers have no HTML form; a form action writes its permalink (as hono's form,
      // input and button do); anything else is a bug in the page.
      if (name.startsWith('on')) return '';
      if (isFormAction(tag, key)) return renderNamedAttribute(tag, key, name, formActionUrl(v));
      throw new InvalidAttributeError(`Invalid prop '${key}' of type 'function' supplied to '${tag}'.`);
    case 'undefined':
      return '';
    default:
      if (v === null) return '';
      if (name === 'style' && !isEscaped(v) && typeof v === 'object') return styleAttribute(v as Record<string, unknown>);
      if (isEscaped(v)) return ` ${name}="${v}"`;
      if (v instanceof Promise) {
        throw new InvalidAttributeError(`The prop '${key}' of '${tag}' is a Promise; await it in the component and pass the value.`);
      }
      return ` ${name}="${escapeHtml(String(v))}"`;
  }
}

/** `action` of a form, `formAction` of an input or button: hono's components turn a function there into its permalink. */
function isFormAction(tag: string, key: string): boolean {
  return key === 'action' ? tag === 'form' : key === 'formAction' && (tag === 'input' || tag === 'button');
}

/** True when the SVG-ness of the element changes how `key` is written (camelCase SVG names). */
export function attributeDependsOnSvg(key: string): boolean {
  const name = RENAMED[key] ?? key;
  return svgAttributeName(name) !== name;
}

/** `<tag>` and `</tag>` made once per tag name, not per element. */
const TAG_STRINGS = new Map<string, { open: string; close: string }>();

export function tagStrings(tag: string): { open: string; close: string } {
  let strings = TAG_STRINGS.get(tag);
  if (strings === undefined) {
    strings = { open: `<${tag}>`, close: `</${tag}>` };
    if (TAG_STRINGS.size < 1024) TAG_STRINGS.set(tag, strings);
  }
  return strings;
}

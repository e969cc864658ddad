/** Serialises an element's props to HTML attributes the way hono/jsx does. */
import { escapeHtml } from './escape.ts';

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
const SVG_CAMEL = /^(?:al|basel|clip(?:Path|Rule)$|co|do|fill|fl|fo|gl|let|lig|i|marker[EMS]|o|pai|pointe|sh|st[or]|text[^L]|tr|u|ve|w)/;
const UNITLESS = /^(?:a|border-im|column(?:-c|s)|flex(?:$|-[^b])|grid-(?!.*gap)(?:ar|[^a])|font-w|li|or|sca|st|ta|wido|z)|ty$/;
/** A style value needs a closer look only when it holds one of these (hono's `unsafeStyleValueCharRe`). */
const STYLE_VALUE_SPECIAL = /[;"'\\/\[\](){}]/;
const INVALID_STYLE_NAME = /[\s"'():;\\/\[\]{}\x00-\x1f\x7f-\x9f]/;

const validNames = new Set<string>();

/** The attribute name hono writes for prop `key` (renamed, SVG-cased), or undefined when it is not a valid name. */
export function attributeName(key: string, svg: boolean): string | undefined {
  let name = RENAMED[key] ?? key;
  if (svg && /[A-Z]/.test(name) && SVG_CAMEL.test(name)) name = name.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase());
  if (validNames.has(name)) return name;
  if (name.length === 0 || INVALID_NAME.test(name)) return undefined;
  if (validNames.size > 1024) validNames.clear();
  validNames.add(name);
  return name;
}

/**
 * True when a style value could end its declaration or the rule (hono's `hasUnsafeStyleValue`):
 * a `;` or `{`/`}` outside quotes and brackets, an unclosed quote, bracket or comment, a newline
 * in a quote, a trailing backslash. Quoted parts that are safe (font stacks, `url("...")`) pass.
 */
function unsafeStyleValue(value: string): boolean {
  if (!STYLE_VALUE_SPECIAL.test(value)) return false;
  let quote = 0;
  const blocks: number[] = [];
  for (let i = 0, len = value.length; i < len; i++) {
    const c = value.charCodeAt(i);
    if (c === 92) {
      if (i === len - 1) return true;
      i++;
    } else if (quote !== 0) {
      if (c === 10 || c === 12 || c === 13) return true;
      if (c === quote) quote = 0;
    } else if (c === 47 && value.charCodeAt(i + 1) === 42) {
      const end = value.indexOf('*/', i + 2);
      if (end === -1) return true;
      i = end + 1;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 40) blocks.push(41);
    else if (c === 91) blocks.push(93);
    else if (c === 123 || c === 125) return true;
    else if (c === 41 || c === 93) {
      if (blocks[blocks.length - 1] !== c) return true;
      blocks.pop();
    } else if (c === 59 && blocks.length === 0) return true;
  }
  return quote !== 0 || blocks.length !== 0;
}

function styleToString(style: Record<string, unknown>): string {
  let out = '';
  for (const k of Object.keys(style)) {
    const v = style[k];
    if (v === null || v === undefined) continue;
    const prop = k[0] === '-' || !/[A-Z]/.test(k) ? k : k.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase());
    if (prop.length === 0 || INVALID_STYLE_NAME.test(prop)) continue;
    let value: string;
    if (typeof v === 'number') value = UNITLESS.test(prop) ? String(v) : `${v}px`;
    else if (typeof v === 'string' && !unsafeStyleValue(v)) value = v;
    else continue;
    out += (out ? ';' : '') + prop + ':' + value;
  }
  return out;
}

function isEscaped(v: unknown): boolean {
  return v instanceof String && (v as { isEscaped?: boolean }).isEscaped === true;
}

/** Thrown for a prop whose value cannot become an attribute. */
export class InvalidAttributeError extends Error {
  override name = 'InvalidAttributeError';
}

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
      if (isFormAction(tag, key)) return renderNamedAttribute(tag, key, name, isActionRef(v) ? String(v) : permalink(v));
      throw new InvalidAttributeError(`Invalid prop '${key}' of type 'function' supplied to '${tag}'.`);
    case 'undefined':
      return '';
    default:
      if (v === null) return '';
      if (name === 'style' && !isEscaped(v) && typeof v === 'object') return ` style="${escapeHtml(styleToString(v as Record<string, unknown>))}"`;
      if (isEscaped(v)) return ` ${name}="${v}"`;
      if (v instanceof Promise) {
        throw new InvalidAttributeError(`The prop '${key}' of '${tag}' is a Promise; await it in the component and pass the value.`);
      }
      return ` ${name}="${escapeHtml(String(v))}"`;
  }
}

/** An action from `defineAction()` (edgepress/actions): its URL is its string (`?_action=name`). Known by a symbol so the renderer need not import it. */
const ACTION = Symbol.for('edgepress.action');
function isActionRef(v: object): boolean {
  return ACTION in v;
}

/** `action` of a form, `formAction` of an input or button: hono's components turn a function there into its permalink. */
function isFormAction(tag: string, key: string): boolean {
  return key === 'action' ? tag === 'form' : key === 'formAction' && (tag === 'input' || tag === 'button');
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

/** True when the SVG-ness of the element changes how `key` is written (camelCase SVG names). */
export function attributeDependsOnSvg(key: string): boolean {
  const name = RENAMED[key] ?? key;
  return /[A-Z]/.test(name) && SVG_CAMEL.test(name);
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

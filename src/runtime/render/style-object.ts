/**
 * A `style` prop given as an object, written as hono writes it: camelCase names to kebab-case,
 * numbers in px unless unitless, and any declaration whose name or value could break out of the
 * attribute or the rule dropped. A production build whose site never names `style` with a value
 * that could be an object bundles a stand-in instead (src/build/render-features.ts).
 */
import { escapeHtml } from './escape.ts';

const UNITLESS = /^(?:a|border-im|column(?:-c|s)|flex(?:$|-[^b])|grid-(?!.*gap)(?:ar|[^a])|font-w|li|or|sca|st|ta|wido|z)|ty$/;
/** A style value needs a closer look only when it holds one of these (hono's `unsafeStyleValueCharRe`). */
const STYLE_VALUE_SPECIAL = /[;"'\\/\[\](){}]/;
const INVALID_STYLE_NAME = /[\s"'():;\\/\[\]{}\x00-\x1f\x7f-\x9f]/;

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

/** ` style="..."` for style object `style`. */
export function styleAttribute(style: Record<string, unknown>): string {
  return ` style="${escapeHtml(styleToString(style))}"`;
}

/**
 * Attribute names inside `<svg>`: hono writes camelCase SVG presentation attributes in kebab-case
 * (`strokeWidth` -> `stroke-width`). A production bundle whose site never names the `svg` element
 * has a stand-in that leaves names as they are (src/build/render-features.ts).
 */
const SVG_CAMEL = /^(?:al|basel|clip(?:Path|Rule)$|co|do|fill|fl|fo|gl|let|lig|i|marker[EMS]|o|pai|pointe|sh|st[or]|text[^L]|tr|u|ve|w)/;

/** The name hono writes for attribute `name` on an element inside `<svg>`. */
export function svgAttributeName(name: string): string {
  return /[A-Z]/.test(name) && SVG_CAMEL.test(name) ? name.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase()) : name;
}

/**
 * The value of JSX text and attribute strings exactly as esbuild reads them. A template holds
 * text the build decoded, while the runtime path gets text esbuild decoded; any difference
 * would change bytes. Plain one-line text is its own value; text with a line break (trimmed
 * per line and joined by esbuild's rules) or an `&` (HTML entities, by esbuild's table) is
 * decoded by esbuild itself, every piece of a module in one call.
 */
import { transform } from 'esbuild';
import { parseSync, type Expression } from 'oxc-parser';

/** Raw JSX text or attribute string (without its quotes) as written in the source. */
export interface RawJsxString {
  kind: 'text' | 'attribute';
  raw: string;
}

/** True when esbuild reads `raw` as written: no entity, and for text no line break to trim at. */
function isPlain(item: RawJsxString): boolean {
  if (item.raw.includes('&')) return false;
  return item.kind === 'attribute' || !/[\r\n\u2028\u2029]/.test(item.raw);
}

/**
 * The decoded value of every item, in order. Asynchronous on purpose: esbuild's async API uses
 * the service the build already runs (a few ms), where its sync API starts one (~200 ms).
 */
export async function decodeJsxStrings(items: readonly RawJsxString[]): Promise<string[]> {
  const values = items.map((item) => (isPlain(item) ? item.raw : undefined));
  const pending = items.map((item, i) => ({ item, i })).filter(({ i }) => values[i] === undefined);
  if (pending.length === 0) return values as string[];
  // `[<>TEXT</>, <x a="VALUE" />]` -> `[h(F, null, "text"), h("x", { a: "value" })]`
  const probe = `[${pending.map(({ item }) => (item.kind === 'text' ? `<>${item.raw}</>` : `<x a=${quote(item.raw)} />`)).join(',\n')}];`;
  const { code: out } = await transform(probe, { loader: 'jsx', jsx: 'transform', jsxFactory: 'h', jsxFragment: 'F', charset: 'utf8' });
  const statement = parseSync('probe.js', out).program.body[0];
  if (statement?.type !== 'ExpressionStatement' || statement.expression.type !== 'ArrayExpression') {
    throw new Error(`edgepress: unexpected JSX text probe output: ${out.slice(0, 200)}`);
  }
  statement.expression.elements.forEach((element, k) => {
    const call = element as Expression;
    if (call.type !== 'CallExpression') throw new Error('edgepress: unexpected JSX text probe element');
    const { item, i } = pending[k]!;
    let value: unknown;
    if (item.kind === 'text') value = call.arguments.length > 2 ? literalValue(call.arguments[2] as Expression) : '';
    else {
      const props = call.arguments[1] as Expression;
      const prop = props.type === 'ObjectExpression' ? props.properties[0] : undefined;
      value = prop?.type === 'Property' ? literalValue(prop.value as Expression) : undefined;
    }
    if (typeof value !== 'string') throw new Error(`edgepress: could not decode JSX string ${JSON.stringify(item.raw)}`);
    values[i] = value;
  });
  return values as string[];
}

/** An attribute's raw value back in the quotes it can sit in (JSX strings have no escapes). */
function quote(raw: string): string {
  return raw.includes('"') ? `'${raw}'` : `"${raw}"`;
}

function literalValue(node: Expression): unknown {
  return node.type === 'Literal' ? node.value : undefined;
}

/** The value of a JSX expression the build can know for sure (literals), or NOT_STATIC. */
import type { Expression } from 'oxc-parser';

export const NOT_STATIC: unique symbol = Symbol('not static');

/** Stands for a function literal given to an event handler prop: the renderer writes nothing for it. */
const HANDLER = (): void => {};

/**
 * `expression`'s value when it is a literal: strings, numbers, booleans, null, a template
 * with no `${}`, a negative number; for `style`, an object of such literals; for `on...`
 * props, a function literal. `key` is the prop name (undefined for a child).
 */
export function staticValue(expression: Expression, key: string | undefined): unknown {
  switch (expression.type) {
    case 'Literal':
      if ('regex' in expression || 'bigint' in expression) return NOT_STATIC;
      return expression.value;
    case 'TemplateLiteral':
      return expression.expressions.length === 0 ? (expression.quasis[0]?.value.cooked ?? NOT_STATIC) : NOT_STATIC;
    case 'UnaryExpression':
      if (expression.operator === '-' && expression.argument.type === 'Literal' && typeof expression.argument.value === 'number') {
        return -expression.argument.value;
      }
      return NOT_STATIC;
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return key !== undefined && key.startsWith('on') ? HANDLER : NOT_STATIC;
    case 'ObjectExpression':
      return key === 'style' ? styleObject(expression) : NOT_STATIC;
    default:
      return NOT_STATIC;
  }
}

function styleObject(expression: Expression & { type: 'ObjectExpression' }): unknown {
  const style: Record<string, unknown> = {};
  for (const property of expression.properties) {
    if (property.type !== 'Property' || property.computed || property.kind !== 'init' || property.method) return NOT_STATIC;
    const k = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? property.key.value : undefined;
    if (typeof k !== 'string' || k === '__proto__') return NOT_STATIC;
    const v = staticValue(property.value as Expression, undefined);
    if (typeof v !== 'string' && typeof v !== 'number' && v !== null) return NOT_STATIC;
    style[k] = v;
  }
  return style;
}

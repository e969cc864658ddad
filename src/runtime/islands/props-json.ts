/**
 * Island props as text: JSON plus Dates (a tagged pair), in a dozen lines rather than devalue's
 * ~12 KB, since the islands code ships in every bundle that defers a component. What JSON would
 * silently drop or mangle (functions, class instances, Maps, Sets, bigints, NaN) is refused.
 */

const DATE = '\u0000date';

/** Props as text; throws a TypeError naming the first value that is not data. */
export function encodeProps(props: Record<string, unknown>): string {
  return JSON.stringify(props, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    if (original instanceof Date) return [DATE, original.getTime()];
    const at = key ? `props.${key}` : 'props';
    switch (typeof value) {
      case 'function':
      case 'symbol':
      case 'bigint':
        throw new TypeError(`${at} is a ${typeof value}`);
      case 'number':
        if (!Number.isFinite(value)) throw new TypeError(`${at} is ${value}`);
        return value;
      case 'object': {
        if (value === null || Array.isArray(value)) return value;
        const proto = Object.getPrototypeOf(value) as unknown;
        if (proto !== Object.prototype && proto !== null) throw new TypeError(`${at} is a ${(value as object).constructor?.name ?? 'class instance'}`);
        return value;
      }
      default:
        return value;
    }
  });
}

/** The props `encodeProps` wrote (Dates back as Dates). Throws on text that is not JSON. */
export function decodeProps(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    Array.isArray(value) && value.length === 2 && value[0] === DATE && typeof value[1] === 'number' ? new Date(value[1]) : value,
  );
}

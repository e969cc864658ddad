/** How client island props are written into the page: JSON when JSON holds them exactly, devalue otherwise, an error naming the prop for what cannot cross. */
import { parse } from 'devalue';
import { describe, expect, it } from 'vitest';
import { ClientIslandPropsError, serialiseProps } from '../src/runtime/client-islands/props.ts';

const roundTrip = (props: Record<string, unknown>): unknown => {
  const data = serialiseProps(props, 'islands/x.tsx', 'X');
  return 'json' in data ? JSON.parse(data.json) : parse(data.devalue);
};

describe('client island props', () => {
  it('are JSON when JSON gives back exactly the same value', () => {
    expect(serialiseProps({ a: 1, b: 'x', c: [true, null], d: { e: 2.5 } }, 'islands/x.tsx', 'X')).toEqual({ json: '{"a":1,"b":"x","c":[true,null],"d":{"e":2.5}}' });
    expect(serialiseProps(Object.assign(Object.create(null), { a: 1 }), 'islands/x.tsx', 'X')).toEqual({ json: '{"a":1}' });
  });

  it('use devalue for what JSON would change: Dates, Maps, Sets, BigInts, undefined, NaN, -0, holes', () => {
    const props = { when: new Date(0), m: new Map([['k', 1]]), s: new Set([1]), big: 10n, u: undefined, nan: NaN, zero: -0, inf: Infinity, holes: [1, , 3] };
    expect('devalue' in serialiseProps(props, 'islands/x.tsx', 'X')).toBe(true);
    for (const [key, value] of Object.entries(props)) expect(roundTrip({ [key]: value }), key).toEqual({ [key]: value });
    expect(Object.is((roundTrip({ zero: -0 }) as { zero: number }).zero, -0)).toBe(true);
  });

  it('refuse a function, a class instance, a symbol or a symbol key, naming the file, the prop and the fix', () => {
    class Point {}
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ onPick: () => 1 }, /^islands\/x\.tsx: the prop 'onPick' of <X> is a function, which cannot be sent to the browser\. Pass data/],
      [{ nested: { at: new Point() } }, /the prop 'nested\.at' of <X> is a class instance/],
      [{ tag: Symbol('t') }, /the prop 'tag' of <X> is a symbol/],
      [{ [Symbol('k')]: 1 }, /prop keyed by Symbol\(k\)/],
    ];
    for (const [props, message] of cases) expect(() => serialiseProps(props, 'islands/x.tsx', 'X')).toThrow(message);
    expect(() => serialiseProps({ f: () => 1 }, 'islands/x.tsx', 'X')).toThrow(ClientIslandPropsError);
  });
});

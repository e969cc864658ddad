/**
 * Names a minified server bundle keeps without esbuild's keepNames (src/build/jsx/component-names.ts):
 * a site module's capitalised functions and classes (components), a framework module's error classes.
 * End to end: test/request-response.test.ts (`<Late>` in a ResponseSentError, `ResponseSentError:` in
 * workerd's log) and test/render-parity-site.test.ts (hono's Suspense known by name).
 */
import { describe, expect, it } from 'vitest';
import { withNames } from '../src/build/jsx/component-names.ts';

describe('withNames', () => {
  it('names a site module\'s components and classes at its end, leaving helpers, overloads and types alone', () => {
    const code = [
      'export function Late() { return null; }',
      'export const Card = (props: { a: string }) => props.a;',
      'const helper = () => 1;',
      'function format(x: string): string;',
      'function format(x: unknown) { return String(x); }',
      'export default class Store {}',
      'interface Props { a: string }',
      'declare function Ambient(): void;',
      'export const VALUE = 3;',
    ].join('\n');
    const named = withNames(code, 'routes/x.tsx', 'site')!;
    expect(named.startsWith(code + '\n')).toBe(true);
    expect(named.slice(code.length + 1).trim().split('\n')).toEqual([
      'Object.defineProperty(Late, "name", { value: "Late", configurable: true });',
      'Object.defineProperty(Card, "name", { value: "Card", configurable: true });',
      'Object.defineProperty(Store, "name", { value: "Store", configurable: true });',
    ]);
    expect(withNames('export const helper = () => 1;\n', 'routes/h.ts', 'site')).toBeUndefined();
  });

  it('gives a framework module\'s error classes a static name as their first member', () => {
    const code = "export class AError extends Error {\n  override name = 'AError';\n}\nclass Walker {}\nexport class BError extends AError {}\n";
    expect(withNames(code, 'src/runtime/errors.ts', 'framework')).toBe(
      "export class AError extends Error {static name = \"AError\";\n  override name = 'AError';\n}\nclass Walker {}\nexport class BError extends AError {static name = \"BError\";}\n",
    );
    expect(withNames('export class Walker {}\n', 'src/runtime/render/walker.ts', 'framework')).toBeUndefined();
  });
});

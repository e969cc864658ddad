/** `security.csp` in the config: Astro's `csp: true` shorthand is accepted (it failed the build). */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.ts';

describe('security.csp', () => {
  it('true is the default policy: scripts and styles from this origin, with nonces or hashes; false is none', () => {
    expect(resolveConfig({ security: { csp: true } }).security.csp).toEqual({ mode: 'auto', reportOnly: false, directives: { 'script-src': ["'self'"], 'style-src': ["'self'"] } });
    expect(resolveConfig({ security: { csp: false } }).security.csp).toBeUndefined();
  });

  it('anything else that is not an object is still refused with the fix', () => {
    expect(() => resolveConfig({ security: { csp: 'on' } })).toThrow(/security\.csp/);
  });
});

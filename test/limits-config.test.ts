/** `limits` in edgepress.config.ts: the defaults, and mistakes named with the fix. */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.ts';

describe('limits', () => {
  it('defaults to a 1 MiB request body and a 30 s render timeout', () => {
    expect(resolveConfig({}).limits).toEqual({ bodyBytes: 1048576, renderTimeoutMs: 30000 });
    expect(resolveConfig({ limits: { bodyBytes: 10 } }).limits).toEqual({ bodyBytes: 10, renderTimeoutMs: 30000 });
  });

  it('refuses a value that is not a whole number above 0, and unknown keys, naming the file and the fix', () => {
    expect(() => resolveConfig({ limits: { bodyBytes: '1mb' } })).toThrow(
      'edgepress.config.ts: `limits.bodyBytes` is "1mb"; use a whole number above 0 (bytes, e.g. 1048576 for 1 MiB).',
    );
    expect(() => resolveConfig({ limits: { renderTimeoutMs: 0 } })).toThrow(
      'edgepress.config.ts: `limits.renderTimeoutMs` is 0; use a whole number above 0 (milliseconds, e.g. 30000).',
    );
    expect(() => resolveConfig({ limits: { body: 5 } })).toThrow('edgepress.config.ts: unknown option `limits.body`; the options are bodyBytes, renderTimeoutMs.');
    expect(() => resolveConfig({ limits: 5 })).toThrow('edgepress.config.ts: `limits` must be an object, as in { bodyBytes: 1048576, renderTimeoutMs: 30000 }.');
  });
});

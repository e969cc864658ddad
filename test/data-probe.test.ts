/** The probe that tells which prerendered pages read data while rendering (incremental builds). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installDataProbe } from '../src/build/data-probe.ts';

describe('the data probe', () => {
  it('marks the page whose async context made the read, not its neighbours in flight', async () => {
    const probe = installDataProbe();
    try {
      const [reads, plain] = await Promise.all([
        probe.watch(1, async () => {
          await Promise.resolve();
          return (await fetch('data:text/plain,x')).text();
        }),
        probe.watch(2, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return 'none';
        }),
      ]);
      expect(reads).toEqual({ value: 'x', read: true });
      expect(plain).toEqual({ value: 'none', read: false });
      const file = await probe.watch(3, async () => readFileSync(new URL(import.meta.url), 'utf8').length > 0);
      expect(file).toEqual({ value: true, read: true });
    } finally {
      probe.dispose();
    }
  });

  it('puts fetch and the fs reads back when the last of two overlapping probes is disposed', async () => {
    const fetchBefore = globalThis.fetch;
    const readBefore = readFileSync;
    const first = installDataProbe();
    const second = installDataProbe();
    expect(globalThis.fetch).not.toBe(fetchBefore);
    first.dispose();
    const seen = await second.watch(7, async () => (await fetch('data:,y')).text());
    expect(seen).toEqual({ value: 'y', read: true });
    second.dispose();
    expect(globalThis.fetch).toBe(fetchBefore);
    expect((await import('node:fs')).readFileSync).toBe(readBefore);
  });
});

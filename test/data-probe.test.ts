/** The probe that tells which prerendered pages read data while rendering (incremental builds). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installDataProbe } from '../src/build/data-probe.ts';

describe('the data probe', () => {
  it('marks the page whose async context made the read, not its neighbours in flight', async () => {
    const probe = installDataProbe();
    try {
      const [reads, plain] = await Promise.all([
        probe.watch(async () => {
          await Promise.resolve();
          return (await fetch('data:text/plain,x')).text();
        }),
        probe.watch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return 'none';
        }),
      ]);
      expect(reads).toEqual({ value: 'x', read: true });
      expect(plain).toEqual({ value: 'none', read: false });
      const file = await probe.watch(async () => readFileSync(new URL(import.meta.url), 'utf8').length > 0);
      expect(file).toEqual({ value: true, read: true });
    } finally {
      probe.dispose();
    }
  });

  it('charges a read to its own page when two probes (two builds in one process) overlap', async () => {
    const first = installDataProbe();
    const second = installDataProbe();
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // A page of the second build is in flight while a page of the first reads data.
      const quiet = second.watch(async () => {
        await held;
        return 'none';
      });
      const reads = await first.watch(async () => (await fetch('data:,z')).text());
      release();
      expect(reads).toEqual({ value: 'z', read: true });
      expect(await quiet).toEqual({ value: 'none', read: false });
    } finally {
      first.dispose();
      second.dispose();
    }
  });

  it('puts fetch and the fs reads back when the last of two overlapping probes is disposed', async () => {
    const fetchBefore = globalThis.fetch;
    const readBefore = readFileSync;
    const first = installDataProbe();
    const second = installDataProbe();
    expect(globalThis.fetch).not.toBe(fetchBefore);
    first.dispose();
    const seen = await second.watch(async () => (await fetch('data:,y')).text());
    expect(seen).toEqual({ value: 'y', read: true });
    second.dispose();
    expect(globalThis.fetch).toBe(fetchBefore);
    expect((await import('node:fs')).readFileSync).toBe(readBefore);
  });
});

/** The workload's data, shared by the edgepress site and the plain-hono baseline so both render the same bytes. */

/** 20 navigation links for the layout. */
export const NAV: ReadonlyArray<{ href: string; label: string }> = Array.from({ length: 20 }, (_, i) => ({
  href: `/static/${i + 1}`,
  label: `Section ${i + 1}`,
}));

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ' +
  'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';

/** 12 paragraphs for page `n` (~3 KB of text). */
export function paragraphs(n: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${i + 1}. Page ${n}: ${LOREM}`);
}

/** 100 list items that all need escaping. */
export const ITEMS: readonly string[] = Array.from({ length: 100 }, (_, i) => `Item ${i} <b>"quoted" & 'single'</b>`);

/** A product lookup with the three outcomes the benchmark cycles through. */
export type ProductLookup =
  | { kind: 'found'; id: string; name: string; price: string }
  | { kind: 'moved'; to: string }
  | { kind: 'missing' };

/** Ids 1..100 exist; `old-N` moved to `N`; anything else is missing. */
export function lookupProduct(id: string | undefined): ProductLookup {
  if (id === undefined) return { kind: 'missing' };
  if (id.startsWith('old-')) return { kind: 'moved', to: id.slice(4) };
  const n = Number(id);
  if (!Number.isInteger(n) || n < 1 || n > 100) return { kind: 'missing' };
  return { kind: 'found', id, name: `Product <${n}>`, price: (n * 1.25).toFixed(2) };
}

export interface Row {
  id: string;
  label: string;
}

/** The framework-tracker SSR table: 1,000 rows of two UUIDs, from a promise as a data fetch would. */
export async function tableRows(): Promise<Row[]> {
  await Promise.resolve();
  const rows: Row[] = new Array(1000);
  for (let i = 0; i < 1000; i++) rows[i] = { id: crypto.randomUUID(), label: crypto.randomUUID() };
  return rows;
}

/** Resolves after `ms` milliseconds with `value`. */
export function sleep<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

/** How long each /stream sibling waits. */
export const STREAM_DELAY_MS = 100;

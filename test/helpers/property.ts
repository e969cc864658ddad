/**
 * fast-check settings shared by the property tests: one seed (FC_SEED overrides it), printed by
 * fast-check with the counterexample whenever a property fails, so a failure replays exactly.
 */
import fc from 'fast-check';

export const SEED = Number(process.env.FC_SEED ?? 20261127);

/** Runs `property` `numRuns` times from SEED; a failure names the seed and the shrunk input. */
export async function check<T>(property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>, numRuns: number): Promise<void> {
  await fc.assert(property as fc.IAsyncPropertyWithHooks<T>, { seed: SEED, numRuns, verbose: 1 });
}

/** `edgepress create-key`: prints a new EDGEPRESS_KEY (server islands seal their props with it). */
import { createKey } from '../build/islands/island-keys.ts';

/** Prints the key alone on stdout (so `EDGEPRESS_KEY=$(npx edgepress create-key)` works) and how to use it on stderr. */
export function printKey(): number {
  console.log(createKey());
  console.error(
    'Set it as EDGEPRESS_KEY where the site is built (and as a secret where it runs, e.g. `npx wrangler secret put EDGEPRESS_KEY`).\n' +
      'To rotate without breaking pages already served, set EDGEPRESS_KEY="<new>,<old>" until the old pages are gone.',
  );
  return 0;
}

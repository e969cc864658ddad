/** The bundle-size budget: warn above `warnBytes`, fail above `failBytes`, naming the largest modules. */
import type { ResolvedConfig } from '../config.ts';
import { BuildError } from './build-error.ts';
import type { BundleInfo } from './bundle.ts';
import { kb } from './summary.ts';

function contributors(bundle: BundleInfo): string {
  return bundle.largest
    .slice(0, 5)
    .map((m) => `${m.path} (${kb(m.bytes)})`)
    .join(', ');
}

/** Adds a warning or throws when the gzipped bundle is over budget. */
export function checkBudget(bundle: BundleInfo, budget: ResolvedConfig['budget'], warnings: string[]): void {
  if (bundle.gzipBytes > budget.failBytes) {
    throw new BuildError(
      bundle.file,
      `the server bundle is ${kb(bundle.gzipBytes)} gzip, over the ${kb(budget.failBytes)} budget (budget.failBytes). ` +
        `Largest: ${contributors(bundle)}. Prerender routes that do not need a server, or drop heavy imports.`,
    );
  }
  if (bundle.gzipBytes > budget.warnBytes) {
    warnings.push(`the server bundle is ${kb(bundle.gzipBytes)} gzip, over ${kb(budget.warnBytes)} (budget.warnBytes). Largest: ${contributors(bundle)}.`);
  }
}

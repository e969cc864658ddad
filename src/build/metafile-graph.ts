/** Walks the import graph esbuild records in a metafile. */
import type { Metafile } from 'esbuild';

/**
 * Every bundled input reachable from `from` (the starts included), following non-external
 * imports whose path `follow` accepts.
 */
export function reachableInputs(metafile: Metafile, from: string[], follow: (path: string) => boolean = () => true): string[] {
  const seen = new Set<string>();
  const stack = from.filter((file) => metafile.inputs[file]);
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (!imported.external && metafile.inputs[imported.path] && !seen.has(imported.path) && follow(imported.path)) stack.push(imported.path);
    }
  }
  return [...seen];
}

/** True when some input for which `test` says yes put code into the bundle's output (not just read, then shaken out). */
export function bundleHas(metafile: Metafile, test: (input: string) => boolean): boolean {
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0 && test(input)) return true;
  }
  return false;
}

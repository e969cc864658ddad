/**
 * Request-time adapter code is Web-standard: every adapters/<name>/entry*.ts and what it imports
 * uses no `node:*` module — except the node adapter, whose job is to bridge node:http.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/site.ts';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function imports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Every Node builtin reachable from `entry` through relative imports. */
function nodeImports(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of imports(file)) {
      if (NODE_BUILTINS.has(spec)) found.push(`${relative(REPO, file)} imports ${spec}`);
      else if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        // An import the check cannot follow is a failure, not a skip: it might reach node:*.
        if (existsSync(target)) visit(target);
        else found.push(`${relative(REPO, file)} imports ${spec}, which does not resolve`);
      }
    }
  };
  visit(entry);
  return found;
}

const entries = readdirSync(join(REPO, 'adapters')).flatMap((name) =>
  readdirSync(join(REPO, 'adapters', name))
    .filter((f) => /^entry.*\.ts$/.test(f))
    .map((f) => ({ adapter: name, file: join(REPO, 'adapters', name, f) })),
);

describe('adapter entries', () => {
  it('exist for every adapter folder', () => {
    expect(entries.map((e) => e.adapter).sort()).toEqual(['bun', 'cloudflare', 'cloudflare', 'deno', 'netlify', 'node', 'vercel']);
  });

  it.each(entries.filter((e) => e.adapter !== 'node'))('$adapter ($file) reaches no Node builtin', ({ file }) => {
    expect(nodeImports(file)).toEqual([]);
  });

  it('the check follows relative imports into shared runtime files', () => {
    const visited = nodeImports(join(REPO, 'adapters/node/entry.ts')).join('\n');
    // adapters/node/file-store.ts is reached only through a relative import.
    expect(visited).toMatch(/adapters\/node\/file-store\.ts imports node:/);
  });

  it('the check sees the node entry bridge node:http', () => {
    expect(nodeImports(join(REPO, 'adapters/node/entry.ts')).join('\n')).toMatch(/imports node:/);
  });
});

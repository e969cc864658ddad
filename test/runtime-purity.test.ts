import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/site.ts';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx|js)$/.test(name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  }
  return out;
}

describe('request-time code', () => {
  const runtime = [...files(join(REPO, 'src/runtime')), join(REPO, 'src/index.ts'), join(REPO, 'src/config.ts'), join(REPO, 'src/manifest.ts')];

  it('imports no Node builtin (Web-standard APIs only)', () => {
    const offenders: string[] = [];
    for (const file of runtime) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (NODE_BUILTINS.has(spec) || spec.startsWith('node:')) offenders.push(`${relative(REPO, file)} imports ${spec}`);
        if (spec.includes('/build/') || spec.includes('/cli/')) offenders.push(`${relative(REPO, file)} imports build-time code ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the check finds a Node import when there is one', () => {
    expect(specifiers(`import { readFile } from 'node:fs';\nconst x = await import("path");`)).toEqual(['node:fs', 'path']);
  });

  it('covers every source file of the runtime folder, nested ones included', () => {
    const onDisk = (readdirSync(join(REPO, 'src/runtime'), { recursive: true }) as string[])
      .filter((name) => /\.(ts|tsx|js)$/.test(name))
      .map((name) => join(REPO, 'src/runtime', name));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(runtime.filter((file) => file.includes('/src/runtime/')).sort()).toEqual(onDisk.sort());
    for (const file of ['handler.ts', 'cookies.ts', 'render/walker.ts', 'assets/asset-server.ts']) {
      expect(runtime).toContain(join(REPO, 'src/runtime', file));
    }
  });

  it('the check sees build-time code reached from the runtime', () => {
    expect(specifiers(`export { x } from '../build/scan-routes.ts';`)).toEqual(['../build/scan-routes.ts']);
  });
});

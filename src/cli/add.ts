/**
 * `edgepress add <adapter> [--yes]`: sets `adapter` in edgepress.config.ts (creating it when
 * missing) and writes the platform config files the adapter asks for (`Adapter.platformFiles`).
 * Shows a diff and asks before writing; installs nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadAdapter } from '../build/build-site.ts';
import { CONFIG_NAMES } from '../build/load-config.ts';
import { ADAPTERS, type AdapterName } from '../config.ts';
import { UsageError, type CliArgs } from './args.ts';
import { lineDiff } from './line-diff.ts';


/** A file `add` would write: its path, what is there now and what will be. */
export interface PlannedChange {
  path: string;
  before: string | undefined;
  after: string;
}

/** The config text with `adapter` set to `name`. */
export function setAdapter(current: string | undefined, name: AdapterName): string {
  const value = `'${name}'`;
  if (current === undefined) return `import { defineConfig } from 'edgepress';\n\nexport default defineConfig({\n  adapter: ${value},\n});\n`;
  const existing = /(\badapter\s*:\s*)(['"`])[^'"`\n]*\2/;
  if (existing.test(current)) return current.replace(existing, `$1${value}`);
  const empty = /(defineConfig\(\s*|export\s+default\s+)\{\s*\}/;
  if (empty.test(current)) return current.replace(empty, `$1{\n  adapter: ${value},\n}`);
  const multiline = /((?:defineConfig\(\s*|export\s+default\s+)\{)([ \t]*\n)([ \t]*)/;
  if (multiline.test(current)) return current.replace(multiline, `$1$2$3adapter: ${value},\n$3`);
  const inline = /((?:defineConfig\(\s*|export\s+default\s+)\{)\s*/;
  if (inline.test(current)) return current.replace(inline, `$1 adapter: ${value}, `);
  throw new UsageError(`cannot find the config object in edgepress.config; add \`adapter: ${value}\` to it by hand.`);
}

/** Everything `edgepress add <name>` would change in the site at `root`. */
export async function planAdd(root: string, name: AdapterName): Promise<PlannedChange[]> {
  const read = (path: string): string | undefined => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined);
  const configPath = CONFIG_NAMES.find((n) => existsSync(join(root, n))) ?? CONFIG_NAMES[0]!;
  const configBefore = read(configPath);
  const changes: PlannedChange[] = [{ path: configPath, before: configBefore, after: setAdapter(configBefore, name) }];
  const adapter = await loadAdapter(name);
  for (const file of adapter.platformFiles?.(root) ?? []) {
    const before = read(file.path);
    changes.push({ path: file.path, before, after: file.update(before) });
  }
  return changes.filter((c) => c.before !== c.after);
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Runs `edgepress add`; returns the exit code. */
export async function add(args: CliArgs): Promise<number> {
  const name = args.positional[0];
  if (!name || !(ADAPTERS as readonly string[]).includes(name)) {
    throw new UsageError(`usage: edgepress add <adapter> [--yes]; the adapters are ${ADAPTERS.join(', ')}.`);
  }
  const changes = await planAdd(args.root, name as AdapterName);
  if (changes.length === 0) {
    console.log(`edgepress: ${args.root} already uses the '${name}' adapter; nothing to change.`);
    return 0;
  }
  for (const change of changes) console.log(lineDiff(change.path, change.before, change.after));
  if (!args.yes) {
    if (!process.stdin.isTTY) {
      console.error('edgepress: not applied: stdin is not a terminal, so nobody can answer; re-run with --yes to apply these changes.');
      return 1;
    }
    if (!(await confirm(`Apply ${changes.length === 1 ? 'this change' : `these ${changes.length} changes`}? [y/N] `))) {
      console.log('edgepress: nothing written.');
      return 1;
    }
  }
  for (const change of changes) writeFileSync(join(args.root, change.path), change.after);
  console.log(`edgepress: the site now builds for '${name}'. Next: npm run build, then npm run preview. Nothing was installed.`);
  return 0;
}

/**
 * `edgepress dev` rebuilds after an edit of modules only without the passes the edit cannot
 * change (the client islands, the style graph), and those passes still run when it can: a
 * route that starts importing a stylesheet links it, an edit to a module an island imports
 * (outside islands/) gives the island new code, and an edit elsewhere keeps the island's URL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevBuild, type DevBuildResult } from '../src/dev/dev-build.ts';
import { outsideSite, removeSite } from './helpers/site.ts';

const PAGE = (extra: string, text: string): string =>
  `${extra}import Clicker from '../islands/clicker.tsx';\nexport default () => <html><head></head><body><h1>${text}</h1><Clicker /></body></html>;\n`;

const roots: string[] = [];
let root: string;
let dev: DevBuild;

/** The server code of a good build. */
function code(result: DevBuildResult): string {
  if (!result.ok) throw new Error(result.problem.message);
  expect(result.broken).toEqual([]);
  return result.build.code;
}

/** The client island module's URL the server bundle names. */
function islandUrl(text: string): string {
  const url = /"src":\s*"([^"]*clicker[^"]*\.js)"/.exec(text)?.[1];
  expect(url).toBeDefined();
  return url!;
}

/** Writes `file` and rebuilds as `edgepress dev` does after a save of it. */
async function edit(file: string, content: string): Promise<string> {
  writeFileSync(join(root, file), content);
  return code(await dev.build({ copyPublic: false, changed: [file] }));
}

beforeAll(() => {
  root = outsideSite(
    'dev-reuse',
    {
      'routes/index.tsx': PAGE('', 'Home'),
      'routes/_styles/page.css': 'h1 { color: rgb(1, 2, 3); }\n',
      'lib/label.ts': "export const label = 'first';\n",
      'islands/clicker.tsx': "import { label } from '../lib/label.ts';\nexport default function Clicker() {\n  return <button type=\"button\">{label}</button>;\n}\n",
    },
    roots,
  );
  dev = new DevBuild(root);
});

afterAll(async () => {
  await dev.dispose();
  for (const dir of roots) removeSite(dir);
});

describe('dev rebuilds after an edit of modules', () => {
  it('link a stylesheet a route starts importing, and keep the island when the edit is elsewhere', async () => {
    const first = code(await dev.build({ copyPublic: true }));
    expect(first).not.toMatch(/_assets\/[^"]*\.css/);
    const second = await edit('routes/index.tsx', PAGE("import './_styles/page.css';\n", 'Styled'));
    expect(second).toContain('Styled');
    expect(second).toMatch(/_assets\/[^"]*\.css/);
    expect(islandUrl(second)).toBe(islandUrl(first));
  });

  it('give an island new code when a module it imports outside islands/ changes', async () => {
    const before = code(await dev.build({ copyPublic: false }));
    const after = await edit('lib/label.ts', "export const label = 'second';\n");
    expect(islandUrl(after)).not.toBe(islandUrl(before));
  });
});

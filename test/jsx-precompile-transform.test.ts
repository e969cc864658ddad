/**
 * The precompile transform on its own: what it leaves alone (node_modules, files with their own
 * JSX pragma, code that does not parse, props it cannot be sure of) and that its source map
 * still points into the original file.
 */
import { decode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { siteBundleOptions } from '../src/build/esbuild-options.ts';
import { PrecompileCache, precompilePlugin } from '../src/build/jsx/precompile-plugin.ts';
import { precompileJsx } from '../src/build/jsx/precompile.ts';
import { outsideSite } from './helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
const site = (files: Record<string, string>): string => outsideSite('precompile', files, roots);

async function bundle(root: string, entry: string, sourcemap = false) {
  const cache = new PrecompileCache();
  const result = await build({
    ...siteBundleOptions(root),
    entryPoints: [join(root, entry)],
    outfile: join(root, 'out.js'),
    platform: 'node',
    write: false,
    sourcemap: sourcemap ? 'external' : false,
    plugins: [precompilePlugin(cache)],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.text;
  return { js, map, stats: cache.totals() };
}

describe('what the transform leaves to esbuild', () => {
  it('compiles the site\'s own files, never a package\'s', async () => {
    const root = site({
      'routes/index.jsx': "import { Badge } from 'ui-kit';\nexport default () => <main><p>site markup</p><Badge /></main>;\n",
      'node_modules/ui-kit/package.json': '{ "name": "ui-kit", "main": "index.jsx" }',
      'node_modules/ui-kit/index.jsx': "export const Badge = () => <span>package markup</span>;\n",
    });
    const { js, stats } = await bundle(root, 'routes/index.jsx');
    expect(js).toMatch(/"<main><p>site markup<\/p>"/);
    expect(js).toMatch(/jsx\w*\("span", \{ children: "package markup" \}\)/);
    expect(stats.compiled).toBe(2);
  });

  it('leaves a file with its own JSX pragma alone', async () => {
    expect(await precompileJsx('/** @jsxImportSource preact */\nexport default () => <p>x</p>;\n', 'a.tsx', '/rt.js')).toBeUndefined();
  });

  it('leaves code that does not parse to esbuild, which reports it', async () => {
    expect(await precompileJsx('export default () => <p>x</div>;\n', 'a.tsx', '/rt.js')).toBeUndefined();
  });

  it('counts an element it cannot compile even in a file with no template', async () => {
    const result = await precompileJsx('export const a = (p: object) => <p {...p} />;\n', 'a.tsx', '/rt.js');
    expect(result).toEqual({ output: undefined, stats: { compiled: 0, fallback: { 'spread props': 1 }, templates: 0 } });
  });

  it('keeps repeated props and spreads as runtime calls, and says why', async () => {
    const result = (await precompileJsx('export const a = <p id="1" id="2">x</p>;\nexport const b = <p {...a}><i>in</i></p>;\n', 'a.tsx', '/rt.js'))!;
    expect(result.stats).toEqual({ compiled: 1, fallback: { 'repeated prop': 1, 'spread props': 1 }, templates: 1 });
    expect(result.output!.code).toContain('<p id="1" id="2">x</p>');
    expect(result.output!.code).toContain('<p {...a}>{__edgepress_t(__edgepress_T0 || (__edgepress_T0 = __edgepress_m(["<i>in</i>"])))}</p>');
  });
});

describe('positions', () => {
  it('stay where they were above and beside compiled JSX, for the errors esbuild reports without the source map', async () => {
    const source = "import { missing } from './nowhere';\nimport { other } from 'no-such-package';\nexport default () => <p>{missing}</p>;\nexport const x = other;\n";
    const lines = (await precompileJsx(source, 'a.tsx', '/rt.js'))!.output!.code.split('\n');
    const original = source.split('\n');
    expect(lines.slice(0, 2)).toEqual(original.slice(0, 2));
    expect(lines[3]).toBe(original[3]);
  });
});

describe('the source map', () => {
  it('maps code inside a compiled template back to its line in the original file', async () => {
    const root = site({
      'routes/page.tsx': [
        'export default function Page({ name }: { name: string }) {',
        '  return (',
        '    <div class="card">',
        '      <h1>Title</h1>',
        '      <p>{name.toUpperCase()}</p>',
        '    </div>',
        '  );',
        '}',
        '',
      ].join('\n'),
    });
    const { js, map } = await bundle(root, 'routes/page.tsx', true);
    const parsed = JSON.parse(map!) as { sources: string[]; mappings: string };
    const at = js.indexOf('name.toUpperCase()');
    expect(at).toBeGreaterThan(-1);
    const line = js.slice(0, at).split('\n').length - 1;
    const column = at - (js.lastIndexOf('\n', at) + 1);
    const segment = decode(parsed.mappings)[line]!.filter((s) => s[0] <= column).at(-1)!;
    expect(parsed.sources[segment[1]!]).toMatch(/routes\/page\.tsx$/);
    expect(segment[2]).toBe(4); // 0-based: the line with {name.toUpperCase()}
  });
});

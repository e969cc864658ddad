/**
 * `edgepress dev` bundles the framework and the packages once (the vendor bundle) and the site's
 * own modules on each save. A save leaves the vendor bundle as it was; an import of a module it
 * lacks, or a changed file of a package, makes it again. Every module exists once across the two:
 * a hono/jsx context made in the site's code reaches its consumers, hono's Suspense and
 * ErrorBoundary are the renderer's, a package's default export (ES module or CommonJS) is read.
 * A package the site stops importing leaves the vendor bundle (a Node builtin it reaches is not
 * refused, nor its code run, any more).
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevBuild, type DevBuildResult } from '../src/dev/dev-build.ts';
import { DevRuntime } from '../src/dev/dev-runtime.ts';
import { outsideSite, removeSite } from './helpers/site.ts';

const PAGE = (title: string, extra = ''): string => `${extra}import { ErrorBoundary, Suspense, useContext } from 'hono/jsx';
import word, { shout } from 'fake-esm';
import counter from 'fake-cjs';
import babel from 'fake-babel';
import { Theme } from './_theme.ts';

function Themed() {
  return <p id="theme">{useContext(Theme)}</p>;
}
function Broken(): never {
  throw new Error('broken part');
}
async function Later() {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return <p id="later">later</p>;
}

export default () => (
  <html><body>
    <h1>${title}</h1>
    <Theme.Provider value="dark"><Themed /></Theme.Provider>
    <ErrorBoundary fallback={<p id="caught">caught</p>}><Broken /></ErrorBoundary>
    <Suspense fallback={<p>wait</p>}><Later /></Suspense>
    <p id="packages">{word} {shout('hi')} {counter.count}</p>
    <p id="babel">{typeof babel === 'object' ? babel.default : 'flat'}</p>
  </body></html>
);
`;

const FILES: Record<string, string> = {
  // As `edgepress new` writes it: esbuild then gives a CommonJS module's whole `module.exports` to a default import.
  'package.json': '{ "name": "dev-vendor-site", "private": true, "type": "module" }\n',
  'routes/index.tsx': PAGE('First'),
  'routes/_theme.ts': "import { createContext } from 'hono/jsx';\nexport const Theme = createContext('light');\n",
  'node_modules/fake-esm/package.json': '{ "name": "fake-esm", "type": "module", "exports": "./index.js" }\n',
  'node_modules/fake-esm/index.js': "export default 'one';\nexport const shout = (s) => s.toUpperCase();\n",
  'node_modules/fake-cjs/package.json': '{ "name": "fake-cjs", "main": "index.js" }\n',
  'node_modules/fake-cjs/index.js': 'module.exports = { count: 42 };\n',
  // Compiled by Babel: marked __esModule. Imported from a "type": "module" package, its default is the whole module.exports, as in a build.
  'node_modules/fake-babel/package.json': '{ "name": "fake-babel", "main": "index.js" }\n',
  'node_modules/fake-babel/index.js': "exports.__esModule = true;\nexports.default = 'babel-default';\n",
  // A package reaching a Node builtin workerd does not provide: refused while the site imports it.
  'node_modules/fake-spawn/package.json': '{ "name": "fake-spawn", "type": "module", "exports": "./index.js" }\n',
  'node_modules/fake-spawn/index.js': "import { spawn } from 'node:child_process';\nexport const run = () => spawn;\n",
};

const roots: string[] = [];
let root: string;
let dev: DevBuild;
const runtime = new DevRuntime();

/** Builds as `edgepress dev` does after a save of `changed`, runs the build in workerd, and answers the page. */
async function serve(changed?: string[]): Promise<{ result: Extract<DevBuildResult, { ok: true }>; html: string }> {
  const result = await dev.build({ copyPublic: changed === undefined, changed });
  if (!result.ok) throw new Error(result.problem.message);
  await runtime.run({ root, wrangler: result.wrangler, serverDir: dev.serverDir, exports: result.exports, assets: [] }, result.build);
  return { result, html: await (await fetch(runtime.url + '/')).text() };
}

beforeAll(() => {
  root = outsideSite('dev-vendor', FILES, roots);
  dev = new DevBuild(root);
});

afterAll(async () => {
  await runtime.dispose();
  await dev.dispose();
  for (const dir of roots) removeSite(dir);
});

describe('the dev vendor bundle', () => {
  it('holds the framework and packages once, shared with the site code: contexts, Suspense, ErrorBoundary and default exports work', async () => {
    const { result, html } = await serve();
    expect(html).toContain('<h1>First</h1>');
    expect(html).toContain('<p id="theme">dark</p>');
    expect(html).toContain('<p id="caught">caught</p>');
    expect(html).toContain('<p id="later">later</p>');
    expect(html).toContain('<p id="packages">one HI 42</p>');
    expect(html).toContain('<p id="babel">babel-default</p>');
    // The site's bundle reads hono and the framework from the vendor bundle: their code is there only.
    expect(result.build.vendor.code).toContain('createContext');
    expect(result.build.code).not.toMatch(/function createContext|function createEntry/);
    // The server's JSX runtime (what the site's JSX imports) is vendor code too: one renderer per load.
    expect(result.build.vendor.code).toContain('Invalid JSX tag name');
    expect(result.build.code).not.toContain('Invalid JSX tag name');
    expect(result.build.code.length).toBeLessThan(result.build.vendor.code.length / 4);
  });

  it('is kept across a save of the site, and made again when the site imports a module it lacks', async () => {
    const before = (await serve()).result.build.vendor.id;
    writeFileSync(join(root, 'routes/index.tsx'), PAGE('Second'));
    const saved = await serve(['routes/index.tsx']);
    expect(saved.html).toContain('<h1>Second</h1>');
    expect(saved.result.build.vendor.id).toBe(before);

    writeFileSync(join(root, 'routes/index.tsx'), PAGE('Third', "import { html } from 'hono/html';\nexport const marker = html`<b>x</b>`;\n"));
    const imported = await serve(['routes/index.tsx']);
    expect(imported.html).toContain('<h1>Third</h1>');
    expect(imported.html).toContain('<p id="theme">dark</p>');
    expect(imported.result.build.vendor.id).not.toBe(before);
  });

  it('is made again when a package file it was built from changes', async () => {
    const before = (await serve()).result.build.vendor.id;
    const file = join(root, 'node_modules/fake-esm/index.js');
    writeFileSync(file, "export default 'two';\nexport const shout = (s) => s.toUpperCase() + '!';\n");
    // A later modification time than the build's, whatever the file system's clock granularity.
    utimesSync(file, new Date(), new Date(Date.now() + 2000));
    writeFileSync(join(root, 'routes/index.tsx'), PAGE('Fourth'));
    const { result, html } = await serve(['routes/index.tsx']);
    expect(html).toContain('<p id="packages">two HI! 42</p>');
    expect(result.build.vendor.id).not.toBe(before);
  });

  it('holds only the packages the site imports: a refused builtin breaks its route, and nothing once the import goes', async () => {
    writeFileSync(join(root, 'routes/index.tsx'), PAGE('Fifth', "import { run } from 'fake-spawn';\nexport const spawner = run;\n"));
    // The route that reaches it shows the error; the rest of the site keeps working.
    const refused = await dev.build({ copyPublic: false, changed: ['routes/index.tsx'] });
    expect(refused.ok && refused.broken.map((p) => p.message).join('\n')).toContain('node:child_process');
    writeFileSync(join(root, 'routes/index.tsx'), PAGE('Sixth'));
    const { result, html } = await serve(['routes/index.tsx']);
    expect(result.broken).toEqual([]);
    expect(html).toContain('<h1>Sixth</h1>');
  });
});

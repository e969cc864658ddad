/**
 * The renderer's optional parts (src/build/render-features.ts): a production worker holds a part
 * only when the site can use it, and a site that uses one renders exactly what hono writes, in
 * workerd. What the scan sees (src/build/property-use.ts) is checked form by form; a name it
 * cannot see fails with a NotBundledError naming the fix instead of writing a wrong attribute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BARE, FEATURES } from '../bench/lib/feature-sites.ts';
import { namedProperties } from '../src/build/property-use.ts';
import { createTestWorker, type TestWorker } from '../src/testing/index.ts';
import { build, makeSite, removeSite } from './helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

const feature = (name: string): Record<string, string> => FEATURES.find((f) => f.name.startsWith(name))!.files;
const modulesOf = async (root: string): Promise<string[]> => (await build(root)).bundle.largest.filter((input) => input.bytes > 0).map((input) => input.path);
const has = (modules: string[], module: string): boolean => modules.some((path) => path.endsWith(`/${module}`));

describe('a site that uses the optional parts renders them as hono does, in workerd', () => {
  let worker: TestWorker;
  let modules: string[];
  beforeAll(async () => {
    const root = makeSite(null, {
      ...BARE,
      ...feature('a style object'),
      ...feature("a stylesheet link with hono's precedence"),
      ...feature('an inline <svg>'),
      ...feature('hono context'),
    });
    roots.push(root);
    modules = await modulesOf(root);
    worker = await createTestWorker({ root, build: false });
  }, 120_000);
  afterAll(() => worker?.[Symbol.asyncDispose]());

  it('bundles each part the site names', () => {
    const parts = ['style-object.ts', 'metadata-tags.ts', 'svg-names.ts', 'hono-tags.ts', 'provided.ts', 'raw-callbacks.ts'];
    expect(parts.filter((part) => !has(modules, `src/runtime/render/${part}`))).toEqual([]);
  });

  it('a style object: kebab-case names, px for numbers', async () => {
    expect(await (await worker.fetch('/badge')).text()).toContain('<p style="color:teal;font-size:14px">new</p>');
  });

  it("precedence: the stylesheet link gets data-precedence, as hono's link component writes it", async () => {
    expect(await (await worker.fetch('/sorted')).text()).toContain('<link rel="stylesheet" href="/site.css" data-precedence="default"/>');
  });

  it('a camelCase attribute inside <svg> is written in kebab-case', async () => {
    expect(await (await worker.fetch('/icon?w=3')).text()).toContain('<circle cx="5" cy="5" r="4" stroke-width="3"></circle>');
  });

  it("hono's context: the provided value reaches useContext", async () => {
    expect(await (await worker.fetch('/themed')).text()).toContain('<b>dark</b>');
  });
});

describe('a site that names none of them', () => {
  it('bundles none, renders a style string as written, and refuses a style object it could not see with the fix', async () => {
    // The prop's name is assembled when the page runs: no scan can see it.
    const hidden = "export const prerender = false;\nconst name = ['st', 'yle'].join('');\nexport default () => <html><body><p {...{ [name]: { color: 'red' } }}>x</p></body></html>;\n";
    const plain = 'export const prerender = false;\nexport default () => <html><body><p style="color: red">x</p></body></html>;\n';
    const root = makeSite(null, { ...BARE, 'routes/hidden.tsx': hidden, 'routes/plain.tsx': plain });
    roots.push(root);
    const modules = await modulesOf(root);
    const parts = ['style-object.ts', 'metadata-tags.ts', 'svg-names.ts', 'hono-tags.ts', 'provided.ts', 'raw-callbacks.ts', 'form-action.ts', 'boundaries.ts'];
    expect(parts.filter((part) => has(modules, `src/runtime/render/${part}`))).toEqual([]);
    const logs: string[] = [];
    await using worker = await createTestWorker({ root, build: false, onLog: (text) => logs.push(text) });
    expect(await (await worker.fetch('/plain')).text()).toContain('<p style="color: red">x</p>');
    const refused = await worker.fetch('/hidden', { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(500);
    await refused.arrayBuffer();
    expect(logs.join('\n')).toMatch(/NotBundledError: A `style` object is not in this bundle: the build adds it when a module of the site names `style`/);
  }, 120_000);
});

describe('what the scan counts as naming a renderer prop or element', () => {
  const names = (source: string, file = 'page.tsx'): string[] => [...namedProperties(file, source)].sort();

  it('a JSX attribute names its prop; `style` only with a value in braces', () => {
    expect(names('export default () => <p style="color: red" />;')).toEqual([]);
    expect(names('export default () => <p style={{ color: "red" }} />;')).toEqual(['style']);
    expect(names('export default (s: string) => <p style={s} />;')).toEqual(['style']);
    expect(names('export default () => <link rel="stylesheet" href="/a.css" precedence="low" />;')).toEqual(['precedence']);
    expect(names('export default () => <script src="/a.js" async blocking="render" />;')).toEqual(['blocking']);
  });

  it('an object key, a string or a call names it, as for ctx properties', () => {
    expect(names("export const props = { style: { color: 'red' } };", 'props.ts')).toEqual(['style']);
    expect(names("export const key = 'precedence';", 'key.ts')).toEqual(['precedence']);
    expect(names("import { jsx } from 'hono/jsx';\nexport const icon = jsx('svg', {});", 'icon.ts')).toEqual(['svg']);
  });

  it('the <svg> element names svg; a variable, a comment or a type called so does not', () => {
    expect(names('export default () => <svg viewBox="0 0 1 1" />;')).toEqual(['svg']);
    expect(names('// an <svg> icon\nconst svg = 1;\ntype style = { precedence: string };\nexport default svg;', 'x.ts')).toEqual([]);
  });
});

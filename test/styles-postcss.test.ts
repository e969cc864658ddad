/**
 * PostCSS (issue 27): a site with a postcss.config.* has its stylesheets run through it, so
 * Tailwind CSS v4 works by following Tailwind's PostCSS guide. The build runs from the site's
 * folder, as `npx edgepress build` does (Tailwind looks for class names from there).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, makeSite, removeSite } from './helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

/** Builds `root` from its own folder, as a user's `npx edgepress build` does. */
async function buildInside(root: string): Promise<void> {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    await build(root);
  } finally {
    process.chdir(cwd);
  }
}

const stylesheet = (root: string, page: string): string => {
  const html = readFileSync(join(root, 'dist/client', page), 'utf8');
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
  expect(href).toBeDefined();
  return readFileSync(join(root, 'dist/client', href!), 'utf8');
};

describe('PostCSS', () => {
  it('builds Tailwind CSS v4 through @tailwindcss/postcss: a utility class used in a route is in the CSS', async () => {
    const root = makeSite(null, {
      'edgepress.config.ts': "export default { adapter: 'node' };\n",
      // Tailwind's PostCSS guide, as written there.
      'postcss.config.mjs': 'export default {\n  plugins: {\n    "@tailwindcss/postcss": {},\n  },\n};\n',
      'routes/_styles/app.css': '@import "tailwindcss";\n',
      'routes/index.tsx': "import './_styles/app.css';\nexport default () => <html><head><title>t</title></head><body><h1 class=\"text-emerald-700 underline\">Hi</h1></body></html>;\n",
    });
    roots.push(root);
    await buildInside(root);
    const css = stylesheet(root, 'index.html');
    expect(css).toMatch(/\.text-emerald-700\{color:var\(--color-emerald-700\)\}/);
    expect(css).toContain('.underline{');
    // Only what the site uses: a utility no file names is not generated.
    expect(css).not.toContain('.text-rose-300');
  });

  it('runs the config\'s plugins on CSS Modules too, before the class names are scoped', async () => {
    const root = makeSite(null, {
      'edgepress.config.ts': "export default { adapter: 'node' };\n",
      // A plugin written inline: every `color: brand` becomes a colour.
      'postcss.config.cjs': "module.exports = { plugins: [{ postcssPlugin: 'brand', Declaration: { color: (d) => { if (d.value === 'brand') d.value = 'rgb(1, 2, 3)'; } } }] };\n",
      'routes/_c/card.module.css': '.card { color: brand }\n',
      'routes/index.tsx': "import s from './_c/card.module.css';\nexport default () => <html><head><title>t</title></head><body><p class={s.card}>x</p></body></html>;\n",
    });
    roots.push(root);
    await buildInside(root);
    const html = readFileSync(join(root, 'dist/client/index.html'), 'utf8');
    const scoped = /<p class="([^"]+)">/.exec(html)![1]!;
    expect(stylesheet(root, 'index.html')).toContain(`.${scoped}{color:#010203}`);
  });

  it('names the stylesheet and the PostCSS config when a plugin fails', async () => {
    const root = makeSite(null, {
      'edgepress.config.ts': "export default { adapter: 'node' };\n",
      'postcss.config.mjs': 'export default { plugins: { "@tailwindcss/postcss": {} } };\n',
      'routes/_styles/app.css': '@import "tailwindcss";\n.x { @apply no-such-utility; }\n',
      'routes/index.tsx': "import './_styles/app.css';\nexport default () => <p>x</p>;\n",
    });
    roots.push(root);
    await expect(buildInside(root)).rejects.toThrow(/^routes\/_styles\/app\.css: .*no-such-utility.*\(PostCSS, postcss\.config\.mjs\)/);
  });
});

/**
 * Marks hono's replacements for intrinsic tags (its intrinsic-element/components.js: `title`,
 * `meta`, `link`, `script`, `style`, `form`, `input`, `button`) with the tag each stands for, so
 * the renderer writes the tag itself when a node made by hono's own `jsx()` holds one (a site
 * calling `jsx` or `cloneElement` from 'hono/jsx'), as it does for the server JSX runtime's nodes:
 * same attributes, the CSP nonce on scripts and styles, no hoisting. Found by a mark rather than
 * by importing hono's module, which would put hono's string renderer in every worker
 * (src/runtime/render/hono-tags.ts). Every bundle that renders (server, prerender, dev) has it.
 */
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const COMPONENTS = /[\\/]node_modules[\\/]hono[\\/]dist[\\/]jsx[\\/]intrinsic-element[\\/]components\.js$/;
const TAGS = ['title', 'meta', 'link', 'script', 'style', 'form', 'input', 'button'];
const MARKS = `\n{ const mark = Symbol.for("edgepress.intrinsic");\n${TAGS.map((tag) => `if (typeof ${tag} === "function") ${tag}[mark] = "${tag}";`).join('\n')} }\n`;

export function honoIntrinsicsPlugin(): Plugin {
  return {
    name: 'edgepress-hono-intrinsics',
    setup(build) {
      build.onLoad({ filter: COMPONENTS }, async (args) => ({ contents: (await readFile(args.path, 'utf8')) + MARKS, loader: 'js', resolveDir: dirname(args.path) }));
    },
  };
}

/**
 * Netlify adapter: a publish folder (dist/netlify/publish, a copy of dist/client) and one edge
 * function in .netlify/edge-functions/ with its manifest.json declaring it for every path
 * except the static files, which Netlify's CDN serves.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '../../src/build/adapter.ts';
import { siblingModule } from '../../src/build/framework-paths.ts';
import { embedAssets } from '../../src/build/embed-assets.ts';
import { netlifyToml } from './netlify-toml.ts';
import { redirectsFile } from '../../src/build/platform-redirects.ts';
import { clientAssetsRule, headersFile, withRule } from '../../src/build/headers-file.ts';

export const FUNCTION = 'edgepress';
export const PUBLISH_DIR = 'dist/netlify/publish';

/** A URLPattern pathname matching exactly `path`. */
function exactPattern(path: string): string {
  return path.replace(/[\\:*?+(){}]/g, '\\$&');
}

export default function netlify(): Adapter {
  return {
    name: 'netlify',
    async adapt(builder) {
      const functionsDir = join(builder.root, '.netlify/edge-functions');
      const publishDir = join(builder.root, PUBLISH_DIR);
      rmSync(functionsDir, { recursive: true, force: true });
      rmSync(publishDir, { recursive: true, force: true });
      const assets = builder.assetManifest();
      const bundle = await builder.bundleServer({
        nodeBuiltins: { runtime: 'Netlify Edge Functions (Deno)', provided: 'all' },
        entry: siblingModule(import.meta.url, 'entry'),
        conditions: ['deno', 'netlify', 'worker', 'browser'],
        entryOptions: { assets: embedAssets(builder.clientDir, assets, (path) => path.endsWith('.html')) },
      });
      builder.copyClient(publishDir);
      // Netlify's CDN answers these itself: the edge function is not declared for their paths.
      const rules = builder.platformRedirects();
      if (rules.length > 0) builder.writeFile(join(publishDir, '_redirects'), redirectsFile(rules));
      // The CDN serves only exact file paths (the edge function is excluded there), and `_headers`
      // reaches only what it serves; the edge function sends the headers the asset manifest carries.
      const pages = builder.pageHeaders();
      const own = join(publishDir, '_headers');
      const current = existsSync(own) ? readFileSync(own, 'utf8') : undefined;
      const rule = clientAssetsRule(builder.clientDir, builder.config.base);
      if (pages.length > 0 || rule) {
        builder.writeFile(own, withRule(pages.length > 0 ? headersFile(current, pages.map((page) => ({ page, paths: [page.path] }))) : current, rule)!);
      }
      mkdirSync(functionsDir, { recursive: true });
      copyFileSync(bundle.file, join(functionsDir, `${FUNCTION}.js`));
      const manifest = {
        functions: [
          {
            function: FUNCTION,
            name: 'edgepress server',
            generator: 'edgepress',
            path: `${builder.config.base}*`,
            excludedPath: [...Object.keys(assets).map(exactPattern), ...rules.map((r) => r.from)],
          },
        ],
        version: 1,
      };
      builder.writeFile(join(functionsDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
      return { bundle, notes: [`deploy: npx netlify deploy --prod --dir ${PUBLISH_DIR}   (netlify.toml: publish = "${PUBLISH_DIR}")`] };
    },
    async preview(options) {
      const { previewNetlify } = await import('./preview.ts');
      return previewNetlify(options);
    },
    platformFiles: () => [{ path: 'netlify.toml', update: netlifyToml }],
  };
}

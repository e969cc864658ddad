/**
 * Vercel adapter: Build Output API v3 in .vercel/output/ — static/ (dist/client), one edge
 * function functions/_render.func/ (the server bundle), and config.json sending everything
 * the filesystem does not answer to that function.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '../../src/build/adapter.ts';
import { siblingModule } from '../../src/build/framework-paths.ts';
import { importPeer } from '../../src/build/peers.ts';
import { embedAssets } from '../../src/build/embed-assets.ts';
import type { PlatformRedirect } from '../../src/build/platform-redirects.ts';
import type { PageHeaders } from '../../src/build/csp-hashes.ts';
import { hashedFolders, pageUrlForms } from '../../src/build/headers-file.ts';
import { IMMUTABLE_CACHE } from '../../src/runtime/assets/asset-server.ts';

export const FUNCTION = '_render';

export default function vercel(): Adapter {
  return {
    name: 'vercel',
    async adapt(builder) {
      const out = join(builder.root, '.vercel/output');
      rmSync(out, { recursive: true, force: true });
      const pages = embedAssets(builder.clientDir, builder.assetManifest(), (path) => path.endsWith('.html'));
      const bundle = await builder.bundleServer({
        // The Node APIs Vercel's Edge Runtime documents.
        nodeBuiltins: { runtime: 'the Vercel Edge Runtime', provided: ['assert', 'async_hooks', 'buffer', 'events', 'util'] },
        entry: siblingModule(import.meta.url, 'entry'),
        conditions: ['edge-light', 'worker', 'browser'],
        entryOptions: { assets: pages },
      });
      builder.copyClient(join(out, 'static'));
      const func = join(out, 'functions', `${FUNCTION}.func`);
      builder.writeFile(join(func, '.vc-config.json'), JSON.stringify({ runtime: 'edge', entrypoint: 'index.js' }, null, 2));
      copyFileSync(bundle.file, join(func, 'index.js'));
      // After the files (they come first, as in the handler), before the function.
      const redirects = builder.platformRedirects().map(vercelRoute);
      // Headers first, with `continue`: they are added to whatever answers, a static file or the function.
      const headers = builder.pageHeaders().map(vercelHeaderRoute);
      // Content-hashed build files (client islands, imported styles and assets) never change.
      const immutable = hashedFolders(builder.clientDir, builder.config.base).map((folder) => ({ src: `^${escapeRegExp(folder)}(.*)$`, headers: { 'Cache-Control': IMMUTABLE_CACHE }, continue: true as const }));
      headers.unshift(...immutable);
      const config = { version: 3, routes: [...headers, { handle: 'filesystem' }, ...redirects, { src: '/(.*)', dest: `/${FUNCTION}` }] };
      builder.writeFile(join(out, 'config.json'), JSON.stringify(config, null, 2));
      return { bundle, notes: ['deploy: npx vercel deploy --prebuilt   (reads .vercel/output)'] };
    },
    async preview(options) {
      const { previewEdgeRuntime } = await importPeer({ name: 'edge-runtime', purpose: 'edgepress preview (vercel adapter)' }, () => import('./preview.ts'));
      return previewEdgeRuntime(options);
    },
  };
}

/** A `_redirects`-syntax rule as a Build Output API route: placeholders become numbered groups. */
export function vercelRoute(rule: PlatformRedirect): { src: string; status: number; headers: { Location: string } } {
  const names: string[] = [];
  const src = rule.from
    .split(/(:[A-Za-z]\w*|\*)/)
    .map((piece) => {
      if (piece === '*') return names.push('splat'), '(.*)';
      if (piece.startsWith(':')) return names.push(piece.slice(1)), '([^/]+)';
      return escapeRegExp(piece);
    })
    .join('');
  const location = rule.to.replace(/:([A-Za-z]\w*)/g, (whole, name: string) => (names.includes(name) ? '$' + (names.indexOf(name) + 1) : whole));
  return { src: `^${src}$`, status: rule.status, headers: { Location: location } };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A prerendered page's fixed headers as a Build Output API route over each URL it answers. */
export function vercelHeaderRoute(page: PageHeaders): { src: string; headers: Record<string, string>; continue: true } {
  const forms = [...new Set(Object.values(pageUrlForms(page.path)))].map(escapeRegExp);
  return { src: `^(?:${forms.join('|')})$`, headers: page.headers, continue: true };
}

/** `edgepress preview` for Netlify: the edge function under Deno (Netlify's edge runtime), the publish folder beside it. */
import { join } from 'node:path';
import type { PreviewOptions, PreviewServer } from '../../src/build/adapter.ts';
import { buildAssetManifest } from '../../src/build/asset-manifest.ts';
import { MODULE_EXT } from '../../src/build/framework-paths.ts';
import { peerBin } from '../../src/build/peers.ts';
import { spawnServer } from '../../src/cli/spawn-server.ts';
import { PUBLISH_DIR } from './build.ts';

export async function previewNetlify({ root, host, port }: PreviewOptions): Promise<PreviewServer> {
  const publishDir = join(root, PUBLISH_DIR);
  const assetsFile = join(root, 'dist/netlify/preview-assets.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(assetsFile, JSON.stringify(buildAssetManifest(publishDir)));
  return spawnServer(
    peerBin(root, 'deno', 'deno', 'edgepress preview (netlify adapter, run under Deno)'),
    ['run', '-A', '--no-prompt', join(import.meta.dirname, `preview-server${MODULE_EXT}`), join(root, '.netlify/edge-functions'), publishDir, assetsFile],
    { cwd: root, env: { HOST: host, PORT: String(port), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } },
  );
}

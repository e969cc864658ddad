/**
 * `edgepress preview` for Vercel: .vercel/output served the way the platform does — files in
 * static/ first (exact paths, like `{ handle: 'filesystem' }`), everything else dispatched to the
 * edge function running in Vercel's `edge-runtime` (the same VM `vercel dev` uses).
 */
import { getRequestListener } from '@hono/node-server';
import { build } from 'esbuild';
import { EdgeRuntime, createHandler } from 'edge-runtime';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { PreviewOptions, PreviewServer } from '../../src/build/adapter.ts';
import { buildAssetManifest } from '../../src/build/asset-manifest.ts';
import { listen } from '../../src/cli/forward.ts';
import { nodeFileStore } from '../node/file-store.ts';
import { createAssetServer } from '../../src/runtime/assets/asset-server.ts';
import { FUNCTION } from './build.ts';

/** The edge function as a classic script: edge-runtime dispatches `fetch` events, it does not load modules. */
async function functionScript(funcDir: string): Promise<string> {
  const { entrypoint } = JSON.parse(readFileSync(join(funcDir, '.vc-config.json'), 'utf8')) as { entrypoint: string };
  const source = `import handler from ${JSON.stringify(join(funcDir, entrypoint))};
addEventListener('fetch', (event) => event.respondWith(handler(event.request, { waitUntil: (p) => event.waitUntil(p) })));`;
  const result = await build({ stdin: { contents: source, resolveDir: funcDir, loader: 'js' }, bundle: true, format: 'iife', write: false, target: 'es2022', logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

export async function previewEdgeRuntime({ root, host, port }: PreviewOptions): Promise<PreviewServer> {
  const out = join(root, '.vercel/output');
  const runtime = new EdgeRuntime({ initialCode: await functionScript(join(out, 'functions', `${FUNCTION}.func`)) });
  const edge = createHandler({ runtime });
  const staticDir = join(out, 'static');
  const manifest = buildAssetManifest(staticDir);
  const files = createAssetServer(manifest, nodeFileStore(staticDir));
  const serveStatic = getRequestListener(async (request) => (await files.serve(request, new URL(request.url).pathname))!);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // Not `new URL(req.url, base)`: a raw target such as '//%2f..' reads as a host there and throws.
    let path: string;
    try {
      path = new URL(req.url?.startsWith('/') ? `http://preview${req.url}` : (req.url ?? '/')).pathname;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad Request');
      return;
    }
    let file: string | undefined;
    try {
      file = decodeURIComponent(path);
    } catch {
      file = undefined;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && file !== undefined && Object.hasOwn(manifest, file)) {
      req.url = file;
      return void serveStatic(req, res);
    }
    // edge-runtime resolves req.url against the Host, so '//x' would name another host: hand it the full URL.
    if (req.url?.startsWith('//')) req.url = `http://${req.headers.host ?? 'preview'}${req.url}`;
    edge.handler(req, res).catch((error: unknown) => {
      console.error('[edge-runtime]', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  return listen(server, host, port);
}

/**
 * Runs under Deno (`edgepress preview` starts it): Netlify's request flow for a built site — the
 * edge function for the paths its manifest.json declares (minus excludedPath), the publish folder
 * for everything else. Usage: deno run -A preview-server.ts <edge-functions dir> <publish dir> <assets.json>
 */
import { createAssetServer, type AssetManifest } from '../../src/runtime/assets/asset-server.ts';
import { createFileStore } from '../../src/runtime/assets/file-store.ts';

declare const Deno: {
  args: string[];
  env: { get(name: string): string | undefined };
  readTextFile(path: string): Promise<string>;
  open(url: URL): Promise<{ readable: ReadableStream<Uint8Array> }>;
  serve(
    options: { port: number; hostname: string; onListen(addr: { hostname: string; port: number }): void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Promise<Response>,
  ): { shutdown(): Promise<void> };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
};
declare const URLPattern: new (init: { pathname: string }) => { test(url: URL): boolean };

interface Declaration {
  function: string;
  path: string;
  excludedPath?: string[];
}

const [functionsDir, publishDir, assetsFile] = Deno.args as [string, string, string];
const dirUrl = (dir: string): URL => new URL(`file://${dir.endsWith('/') ? dir : dir + '/'}`);
const { functions } = JSON.parse(await Deno.readTextFile(`${functionsDir}/manifest.json`)) as { functions: Declaration[] };
const declarations = await Promise.all(
  functions.map(async (decl) => ({
    includes: new URLPattern({ pathname: decl.path }),
    excludes: (decl.excludedPath ?? []).map((pathname) => new URLPattern({ pathname })),
    handler: ((await import(new URL(`${decl.function}.js`, dirUrl(functionsDir)).href)) as { default: (r: Request, c: unknown) => Promise<Response | undefined> }).default,
  })),
);
const manifest = JSON.parse(await Deno.readTextFile(assetsFile)) as AssetManifest;
const files = createAssetServer(manifest, createFileStore(dirUrl(publishDir), async (url) => (await Deno.open(url)).readable));

/** The CDN: a file of the publish folder, or Netlify's plain 404. */
async function publish(request: Request): Promise<Response> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url).pathname);
  } catch {
    return new Response('Bad Request', { status: 400 });
  }
  return (await files.serve(request, path)) ?? new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

const server = Deno.serve(
  {
    port: Number(Deno.env.get('PORT') ?? 8888),
    hostname: Deno.env.get('HOST') ?? '127.0.0.1',
    onListen: ({ hostname, port }) => console.log(`edgepress: listening on http://${hostname}:${port}`),
  },
  async (request, info) => {
    const url = new URL(request.url);
    const decl = declarations.find((d) => d.includes.test(url) && !d.excludes.some((p) => p.test(url)));
    if (!decl) return publish(request);
    const context = { ip: info.remoteAddr.hostname, waitUntil: () => {}, next: () => publish(request) };
    return (await decl.handler(request, context)) ?? publish(request);
  },
);
const stop = (): void => void server.shutdown().then(() => Deno.exit(0));
Deno.addSignalListener('SIGTERM', stop);
Deno.addSignalListener('SIGINT', stop);

/**
 * `edgepress dev`'s workerd: one long-lived runtime that takes each build without a restart.
 * KV written through the site survives edits and a restart of the dev server (wrangler's local
 * persistence folder), module state does not survive an edit, error answers to clients that do
 * not ask for HTML name the site's own lines, nothing is fetched from the network, two dev
 * servers start side by side, and a build of the same site still runs under `wrangler dev`.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startDevServer, type DevServer } from './helpers/dev-server.ts';
import { build, outsideSite, REPO, removeSite } from './helpers/site.ts';
import { WORKER_SITE } from './helpers/worker-site.ts';

const PAGE = (version: number): string => `export default () => <html><body><h1 id="title">Version ${version}</h1></body></html>;\n`;

const FILES: Record<string, string> = {
  'wrangler.jsonc': '{ "kv_namespaces": [{ "binding": "DATA", "id": "data-namespace" }] }\n',
  'routes/index.tsx': PAGE(0),
  // KV through the site: POST stores the body, GET reads it.
  'routes/kv.ts':
    "export const prerender = false;\nexport const GET = async ({ env }) => new Response((await env.DATA.get('note')) ?? 'none');\nexport const POST = async ({ env, request }) => {\n  await env.DATA.put('note', await request.text());\n  return new Response('stored');\n};\n",
  // Module state: counts requests since this build's module was evaluated.
  'routes/hits.ts': 'export const prerender = false;\nlet hits = 0;\nexport const GET = () => new Response(String(++hits));\n',
  'routes/boom.ts': "export const prerender = false;\nexport const GET = () => {\n  throw new Error('endpoint failed');\n};\n",
};

const roots: string[] = [];
let root: string;
let dev: DevServer;

/** Polls `path` until its body contains `text` (a rebuild is under way after a save). */
async function waitFor(path: string, text: string): Promise<string> {
  let body = '';
  for (let i = 0; i < 300 && !body.includes(text); i++) {
    body = await fetch(dev.origin + path).then((r) => r.text(), () => '');
    if (!body.includes(text)) await new Promise((r) => setTimeout(r, 50));
  }
  return body;
}

// As a person runs it: not under vitest's NODE_ENV=test (which keeps Miniflare from fetching
// Request.cf data) and without the variable that turns the fetch off.
const PERSON = { NODE_ENV: undefined, CLOUDFLARE_CF_FETCH_ENABLED: undefined };

beforeAll(async () => {
  root = outsideSite('dev-runtime', FILES, roots);
  dev = await startDevServer(root, PERSON);
}, 90_000);

afterAll(async () => {
  await dev?.stop();
  for (const dir of roots) removeSite(dir);
});

describe('the dev runtime', () => {
  it('keeps a KV value written through the site across ten edits, without restarting workerd, and drops module state', async () => {
    // Same origin, as a page of the site would send it (the origin check refuses a cross-site text POST).
    expect(await (await fetch(`${dev.origin}/kv`, { method: 'POST', body: 'kept', headers: { origin: dev.origin } })).text()).toBe('stored');
    expect(await (await fetch(`${dev.origin}/hits`)).text()).toBe('1');
    expect(await (await fetch(`${dev.origin}/hits`)).text()).toBe('2');
    for (let version = 1; version <= 10; version++) {
      writeFileSync(join(root, 'routes/index.tsx'), PAGE(version));
      expect(await waitFor('/', `Version ${version}<`)).toContain(`Version ${version}<`);
      expect(await (await fetch(`${dev.origin}/kv`)).text()).toBe('kept');
    }
    // The last build's module is new: its counter starts again.
    expect(await (await fetch(`${dev.origin}/hits`)).text()).toBe('1');
    expect(dev.output()).toMatch(/rebuilt in \d+ ms/);
    expect(dev.output()).not.toContain('workerd restarted');
  });

  it('builds a save that comes right after the page showed the last one (chokidar drops a file\'s change events for 50 ms after one)', async () => {
    for (let version = 11; version <= 25; version++) {
      writeFileSync(join(root, 'routes/index.tsx'), PAGE(version));
      // Polled closely, so the next save often lands inside the 50 ms after this one's event.
      let body = '';
      for (let i = 0; i < 400 && !body.includes(`Version ${version}<`); i++) {
        body = await fetch(dev.origin + '/').then((r) => r.text(), () => '');
        if (!body.includes(`Version ${version}<`)) await new Promise((r) => setTimeout(r, 5));
      }
      expect(body).toContain(`Version ${version}<`);
    }
    // The page as the test of the build below expects it.
    writeFileSync(join(root, 'routes/index.tsx'), PAGE(10));
    expect(await waitFor('/', 'Version 10<')).toContain('Version 10<');
  });

  it('answers a client that does not ask for HTML with the error at its line in the site, not in the dev bundle', async () => {
    const text = await (await fetch(`${dev.origin}/boom`)).text();
    expect(text).toContain('endpoint failed');
    expect(text).toContain('routes/boom.ts:3:');
    expect(text).not.toMatch(/\.edgepress-dev\/server\.js|dist\/server/);
    const json = await (await fetch(`${dev.origin}/boom`, { headers: { accept: 'application/json' } })).text();
    expect(json).toContain('routes/boom.ts:3:');
    expect(dev.output()).toContain('routes/boom.ts:3:');
    expect(dev.output()).not.toMatch(/\.edgepress-dev\/server\.js:\d/);
  });

  it('fetches nothing from the network: no Request.cf warning', () => {
    expect(dev.output()).not.toMatch(/Request\.cf|cf\.json/);
  });

  it('finds the KV value again after the dev server restarts (wrangler’s persistence folder)', async () => {
    await dev.stop();
    dev = await startDevServer(root, PERSON);
    expect(await (await fetch(`${dev.origin}/kv`)).text()).toBe('kept');
  }, 60_000);

  it('starts two dev servers at the same moment', async () => {
    const a = outsideSite('dev-twin-a', { 'routes/index.tsx': PAGE(1) }, roots);
    const b = outsideSite('dev-twin-b', { 'routes/index.tsx': PAGE(2) }, roots);
    const [first, second] = await Promise.all([startDevServer(a), startDevServer(b)]);
    try {
      expect(await (await fetch(first.origin)).text()).toContain('Version 1<');
      expect(await (await fetch(second.origin)).text()).toContain('Version 2<');
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  }, 90_000);

  it('leaves a build to wrangler: `wrangler dev -c dist/server/wrangler.json` serves the built output, with the data dev stored', async () => {
    await dev.stop();
    await build(root);
    const [port, inspector] = [await freePort(), await freePort()];
    const wrangler = spawn(join(REPO, 'node_modules/.bin/wrangler'), ['dev', '-c', 'dist/server/wrangler.json', '--persist-to', '.wrangler/state', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--show-interactive-dev-session=false'], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    wrangler.stdout!.on('data', (d: Buffer) => (output += d));
    wrangler.stderr!.on('data', (d: Buffer) => (output += d));
    try {
      for (let i = 0; i < 600 && !/Ready on/.test(output) && wrangler.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toMatch(/Ready on/);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('Version 10<');
      expect(await (await fetch(`http://127.0.0.1:${port}/kv`)).text()).toBe('kept');
    } finally {
      const exited = new Promise((resolve) => wrangler.once('exit', resolve));
      process.kill(-wrangler.pid!, 'SIGTERM');
      await exited;
    }
  }, 90_000);
});

describe('Durable Objects in the dev runtime (worker.ts)', () => {
  it('keep their storage across edits of the routes and of worker.ts itself, without a restart', async () => {
    const site = outsideSite('dev-objects', WORKER_SITE, roots);
    const server = await startDevServer(site);
    const count = async (): Promise<unknown> => (await fetch(server.origin + '/count', { method: 'POST', headers: { origin: server.origin } })).json();
    const shows = async (path: string, text: string): Promise<string> => {
      let body = '';
      for (let i = 0; i < 300 && !body.includes(text); i++) {
        body = await fetch(server.origin + path).then((r) => r.text(), () => '');
        if (!body.includes(text)) await new Promise((r) => setTimeout(r, 50));
      }
      return body;
    };
    try {
      expect(await count()).toEqual({ count: 1 });
      for (let version = 1; version <= 3; version++) {
        writeFileSync(join(site, 'routes/index.tsx'), PAGE(version));
        expect(await shows('/', `Version ${version}<`)).toContain(`Version ${version}<`);
        expect(await count()).toEqual({ count: version + 1 });
      }
      // A new build of the class itself: the object is made again from it, over the same storage.
      writeFileSync(join(site, 'worker.ts'), WORKER_SITE['worker.ts'].replace('const count = ((await', 'const count = 100 + ((await'));
      writeFileSync(join(site, 'routes/index.tsx'), PAGE(9));
      expect(await shows('/', 'Version 9<')).toContain('Version 9<');
      expect(await count()).toEqual({ count: 105 });
      expect(server.output()).not.toContain('workerd restarted');
    } finally {
      await server.stop();
    }
  }, 90_000);
});

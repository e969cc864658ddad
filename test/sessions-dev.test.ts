/**
 * Sessions in `edgepress dev` follow the build's rule (src/build/session-use.ts): a site whose code
 * reads the session by a name no build can see fails in dev as it would after deploy, and writing
 * the name out makes it work in both, without a restart.
 */
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './helpers/dev-server.ts';
import { outsideSite } from './helpers/site.ts';

const roots: string[] = [];
let root: string;
let dev: DevServer;
const COUNT = "const n = ((await s.get('n')) ?? 0) + 1;\n  s.set('n', n);\n  return Response.json({ n });";
const route = (read: string): string => `export const prerender = false;\nexport const GET = async (ctx) => {\n  const s = ${read};\n  ${COUNT}\n};\n`;

beforeAll(async () => {
  root = outsideSite('sessions-dev', { 'edgepress.config.ts': 'export default {};\n', 'routes/count.ts': route("ctx['sess' + 'ion']") }, roots);
  dev = await startDevServer(root);
}, 90_000);
afterAll(async () => {
  await dev?.stop();
  roots.forEach((r) => rmSync(r, { recursive: true, force: true }));
});

describe('sessions in edgepress dev', () => {
  it('a name built at run time fails in dev as after deploy, saying to write it out; written out, it works', async () => {
    const hidden = await fetch(dev.origin + '/count', { headers: { accept: 'text/plain' } });
    expect(hidden.status).toBe(500);
    expect(await hidden.text()).toMatch(/ctx\.session is not in this bundle.*Write the name out/s);

    writeFileSync(join(root, 'routes/count.ts'), route('ctx.session'));
    const later = new Date(Date.now() + 2_000);
    utimesSync(join(root, 'routes/count.ts'), later, later);
    let first: Response | undefined;
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      first = await fetch(dev.origin + '/count');
      if (first.status === 200) break;
      await first.arrayBuffer();
    }
    expect(first!.status).toBe(200);
    expect(await first!.json()).toEqual({ n: 1 });
    const cookie = first!.headers.getSetCookie()[0]!.split(';', 1)[0]!;
    expect(await (await fetch(dev.origin + '/count', { headers: { cookie } })).json()).toEqual({ n: 2 });
  });
});

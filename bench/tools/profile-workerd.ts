/**
 * CPU profile of a worker under load, in workerd itself (V8 inspector through Miniflare):
 *   node --experimental-websocket --import tsx bench/tools/profile-workerd.ts [site|baseline] PATH [seconds]
 * Build bench/site (and run the bench once for the baseline bundle) first. Prints self time by function.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import autocannon from 'autocannon';
import { connectInspector } from '../lib/inspector.ts';

const [who = 'site', path = '/table', seconds = '4'] = process.argv.slice(2);
const script = who === 'site' ? 'bench/site/dist/server/index.js' : 'bench/.tmp/baseline/index.js';
const mf = new Miniflare({
  name: 'bench',
  modules: true,
  scriptPath: resolve(script),
  compatibilityDate: '2026-04-26',
  host: '127.0.0.1',
  port: 0,
  inspectorPort: 0,
  assets: { directory: resolve('bench/site/dist/client'), binding: 'ASSETS', routerConfig: { has_user_worker: true } },
});
try {
  const url = (await mf.ready).toString().replace(/\/$/, '');
  const inspector = await connectInspector(new URL('/core:user:bench', (await mf.getInspectorURL()).href));
  const send = inspector.send;
  await autocannon({ url: url + path, connections: 50, duration: 1 });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 100 });
  await send('Profiler.start');
  const result = await autocannon({ url: url + path, connections: 50, duration: Number(seconds) });
  const { profile } = await send<{ profile: any }>('Profiler.stop');
  inspector.close();
  writeFileSync(join('bench/.tmp', `${who}${path.replace(/\W/g, '_')}.cpuprofile`), JSON.stringify(profile));
  console.log(`${who} ${path}: ${result.requests.average} req/s (profiling on)`);
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((sid: number, i: number) => {
    const f = (byId.get(sid) as any).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]);
    total += profile.timeDeltas[i];
  });
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(((100 * v) / total).toFixed(1).padStart(5) + '%', k);
} finally {
  await mf.dispose();
}

// Calls the built workers' fetch directly in Node, no network: node bench/tools/node-harness.mjs PATH [ms]
// Used with --cpu-prof to profile the request path and the renderer.
import { pathToFileURL } from 'node:url';
const [path = '/table', ms = '3000', which = 'both'] = process.argv.slice(2);
const ours = (await import(pathToFileURL(process.env.SITE_BUNDLE ?? 'bench/site/dist/server/index.js').href)).default;
const base = (await import(pathToFileURL('bench/.tmp/baseline/index.js').href)).default;
const ctx = { waitUntil() {}, passThroughOnException() {} };
const env = { ASSETS: { fetch: async () => new Response('<h1>Page not found</h1>', { status: 200 }) } };
async function rate(worker) {
  const end = performance.now() + Number(ms);
  let n = 0;
  const t = performance.now();
  while (performance.now() < end) {
    const res = await worker.fetch(new Request('http://127.0.0.1' + path, { headers: { cookie: 'visits=41' } }), env, ctx);
    await res.arrayBuffer();
    n++;
  }
  return n / ((performance.now() - t) / 1000);
}
for (let r = 0; r < 2; r++) {
  if (which !== 'base') console.log('edgepress', path, (await rate(ours)).toFixed(0), '/s');
  if (which !== 'ours') console.log('baseline ', path, (await rate(base)).toFixed(0), '/s');
}

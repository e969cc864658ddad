/**
 * Renderer-only harness (no network, no workerd): renders the /table tree and the 5,000-item
 * page with our renderer and with hono's toString(), for `node --cpu-prof`.
 *   npx tsx bench/tools/render-harness.tsx [table|big] [ms] [ours|hono|both]
 */
import { renderHtmlStream } from '../../src/runtime/render/html-stream.ts';
import { bigPage } from '../lib/big-page.tsx';
import { tableTree as table } from '../lib/table-tree.tsx';

const [which = 'table', ms = '2000', who = 'both'] = process.argv.slice(2);
const tree = which === 'table' ? table : bigPage;
const ours = () => new Response(renderHtmlStream(tree(), { onError: (e) => { throw e; } })).arrayBuffer();
const hono = () => new Response('<!doctype html>' + String(tree().toString())).arrayBuffer();

async function rate(fn: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + Number(ms);
  let n = 0;
  const t = performance.now();
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return n / ((performance.now() - t) / 1000);
}
for (let r = 0; r < 2; r++) {
  if (who !== 'hono') console.log('edgepress', which, (await rate(ours)).toFixed(0), '/s');
  if (who !== 'ours') console.log('hono     ', which, (await rate(hono)).toFixed(0), '/s');
}

/**
 * What each module costs the gzipped worker: `npx tsx bench/tools/bundle-profile.ts [ROOT]`
 * (default: bench/site without its cached route, the issue-28 reference, as `npm run bench:bundle`
 * builds it). Builds the site as usual with EDGEPRESS_SERVER_SOURCEMAP=1 (the build writes
 * dist/server/index.js.map beside the unchanged bundle, and, for its second minify pass, esbuild's
 * output and map as index.js.esbuild.js[.map]), gives each byte of
 * the minified bundle to the module the map says it came from, and prints per module its bytes and
 * its gzip cost: gzip -9 of the bundle minus gzip -9 of the bundle without that module's bytes.
 * The costs add up to less than the total: what modules share, gzip pays once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';
import { buildSite } from '../../src/build/build-site.ts';
import { copyReferenceSite } from '../lib/reference-site.ts';

const REPO = resolve(import.meta.dirname, '../..');

process.env.EDGEPRESS_KEY ??= Buffer.alloc(32, 9).toString('base64');
process.env.WRANGLER_SEND_METRICS = 'false';
process.env.EDGEPRESS_SERVER_SOURCEMAP = '1';
const root = process.argv[2] ? resolve(process.argv[2]) : copyReferenceSite(join(REPO, 'bench/.tmp/bundle-profile'), false);
const result = await buildSite({ root, quiet: true });
const file = resolve(result.bundle.file);
const code = readFileSync(file, 'latin1');
const consumer = new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
// The second minify pass (src/build/second-minify.ts): its map leads to esbuild's output, whose map leads to the modules.
const esbuild = existsSync(`${file}.esbuild.js.map`) ? new SourceMapConsumer(JSON.parse(readFileSync(`${file}.esbuild.js.map`, 'utf8'))) : undefined;
const sourceOf = (m: { source: string | null; originalLine: number | null; originalColumn: number | null }): string =>
  (esbuild && m.originalLine !== null
    ? esbuild.originalPositionFor({ line: m.originalLine, column: m.originalColumn ?? 0, bias: SourceMapConsumer.GREATEST_LOWER_BOUND }).source
    : m.source) ?? '(glue)';
const lineStarts = [0];
for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
const owner: string[] = new Array(code.length).fill('(glue)');
const mappings: Array<{ at: number; source: string }> = [];
consumer.eachMapping((m) => mappings.push({ at: lineStarts[m.generatedLine - 1]! + m.generatedColumn, source: sourceOf(m) }), null, SourceMapConsumer.GENERATED_ORDER);
mappings.forEach(({ at, source }, i) => {
  const name = source.includes('node_modules/') ? source.slice(source.lastIndexOf('node_modules/') + 13) : source.replace(/^(\.\.\/)+/, '');
  for (let k = at, end = mappings[i + 1]?.at ?? code.length; k < end; k++) owner[k] = name;
});
const gzip = (text: string): number => gzipSync(Buffer.from(text, 'latin1'), { level: 9 }).length;
const total = gzip(code);
const bytes = new Map<string, number>();
for (const name of owner) bytes.set(name, (bytes.get(name) ?? 0) + 1);
const rows = [...bytes].map(([name, size]) => {
  let without = '';
  for (let k = 0; k < code.length; k++) if (owner[k] !== name) without += code[k];
  return { name, size, cost: total - gzip(without) };
});
rows.sort((a, b) => b.cost - a.cost);
console.log(`${file}: ${code.length} B, ${total} B gzip -9`);
console.log('gzip cost (B)  bytes  module');
for (const row of rows) console.log(`${String(row.cost).padStart(13)}  ${String(row.size).padStart(5)}  ${row.name}`);
console.log(`${String(rows.reduce((sum, row) => sum + row.cost, 0)).padStart(13)}  sum of the costs (gzip shares the rest)`);

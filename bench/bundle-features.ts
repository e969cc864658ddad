/**
 * `npm run bench:bundle`: the server bundle (gzip) of a bare starter-like site for the cloudflare
 * adapter, then of the same site with exactly one feature turned on, and the delta of each (issue
 * 28's baseline). Also the shipped starter (templates/default) as written by `edgepress new`, and
 * the client JS of the client-island case. Sites are written to bench/.tmp/bundle-features and
 * removed at the end.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSite } from '../src/build/build-site.ts';
import { CLIENT_DIR } from '../src/build/client/build-client.ts';
import { writeStarter } from '../src/cli/new.ts';
import { BARE, FEATURES, type Files } from './lib/feature-sites.ts';
import { copyReferenceSite } from './lib/reference-site.ts';

const REPO = join(import.meta.dirname, '..');
const TMP = join(REPO, 'bench/.tmp/bundle-features');

function writeSite(root: string, files: Files): void {
  rmSync(root, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** The client JS the build wrote (every .js under dist/client/_edgepress), gzip -9 bytes summed per file (the server bundle is measured at -9 too), or '-'. */
function clientJs(root: string): string {
  const dir = join(root, 'dist/client', CLIENT_DIR);
  if (!existsSync(dir)) return '-';
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0);
  return `${bytes} (${files.length} file${files.length === 1 ? '' : 's'})`;
}

interface Measured {
  gzipBytes: number;
  clientJs: string;
}

async function measure(name: string, files: Files | null): Promise<Measured> {
  const root = join(TMP, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
  if (files) writeSite(root, files);
  else {
    rmSync(root, { recursive: true, force: true });
    writeStarter(root, { adapter: 'cloudflare' });
  }
  return built(root);
}

async function built(root: string): Promise<Measured> {
  const result = await buildSite({ root, quiet: true });
  return { gzipBytes: result.bundle.gzipBytes, clientJs: clientJs(root) };
}

/** The bench reference site, as it is or without its one cached route (bench/lib/reference-site.ts). */
async function benchSite(withCache: boolean): Promise<Measured> {
  return built(copyReferenceSite(join(TMP, withCache ? 'reference' : 'reference-no-cache'), withCache));
}

async function main(): Promise<void> {
  process.env.EDGEPRESS_KEY ??= Buffer.alloc(32, 9).toString('base64');
  process.env.WRANGLER_SEND_METRICS = 'false';
  try {
    const bare = await measure('bare', BARE);
    const rows: string[][] = [['bare (prerendered page, on-demand page with a cookie, endpoint)', String(bare.gzipBytes), '0', bare.clientJs]];
    for (const { name: feature, files } of FEATURES) {
      const result = await measure(feature, { ...BARE, ...files });
      rows.push([feature, String(result.gzipBytes), `${result.gzipBytes >= bare.gzipBytes ? '+' : ''}${result.gzipBytes - bare.gzipBytes}`, result.clientJs]);
    }
    const starter = await measure('starter', null);
    rows.push(['templates/default as `edgepress new` writes it', String(starter.gzipBytes), `+${starter.gzipBytes - bare.gzipBytes}`, starter.clientJs]);
    for (const [label, withCache] of [['bench/site, the reference site (one route under a routeRules cache rule)', true], ['bench/site without /cached-products/[id] and its rule (no route cache)', false]] as const) {
      const reference = await benchSite(withCache);
      rows.push([label, String(reference.gzipBytes), `${reference.gzipBytes >= bare.gzipBytes ? '+' : ''}${reference.gzipBytes - bare.gzipBytes}`, reference.clientJs]);
    }
    console.log('| feature (alone, over the bare site) | server bundle gzip (B) | delta vs bare (B) | client JS gzip |');
    console.log('|---|---:|---:|---:|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  } finally {
    rmSync(TMP, { recursive: true, force: true });
  }
}

await main();

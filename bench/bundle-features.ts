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

const REPO = join(import.meta.dirname, '..');
const TMP = join(REPO, 'bench/.tmp/bundle-features');

type Files = Record<string, string>;
const config = (extra = ''): string => `import { defineConfig } from 'edgepress';\nexport default defineConfig({\n  output: 'static',\n  adapter: 'cloudflare',\n${extra}});\n`;

/** Like templates/default without its stylesheet and actions: a prerendered page, an on-demand page reading a cookie, an endpoint. */
const BARE: Files = {
  'edgepress.config.ts': config(),
  'routes/index.tsx': 'export default function Home() {\n  return <html><head><title>Home</title></head><body><h1>Welcome</h1></body></html>;\n}\n',
  'routes/visits.tsx': `import type { PageContext } from 'edgepress';
export const prerender = false;
export default function Visits({ cookies }: PageContext) {
  const visits = (cookies.get('visits')?.number() ?? 0) + 1;
  cookies.set('visits', String(visits), { path: '/', httpOnly: true });
  return <html><head><title>Visits</title></head><body><p>{visits}</p></body></html>;
}
`,
  'routes/api/hello.ts': "export const GET = () => Response.json({ hello: 'world' });\n",
};

/** Each feature alone: files written over the bare site. */
const FEATURES: Array<[string, Files]> = [
  ['sessions (a page reads ctx.session)', {
    'routes/me.tsx': "import type { PageContext } from 'edgepress';\nexport const prerender = false;\nexport default ({ session }: PageContext) => <p>{String(session.get('name') ?? 'anon')}</p>;\n",
  }],
  ['route cache (ctx.cache.set)', {
    'routes/cached.tsx': "import type { PageContext } from 'edgepress';\nexport const prerender = false;\nexport default ({ cache }: PageContext) => {\n  cache.set({ maxAge: 60 });\n  return <p>cached</p>;\n};\n",
  }],
  ['route cache (routeRules)', {
    'edgepress.config.ts': config("  routeRules: { '/visits': { maxAge: 1, swr: 60 } },\n"),
  }],
  ['config redirects', {
    'edgepress.config.ts': config("  redirects: { '/old': '/visits', '/blog/[...slug]': '/articles/[...slug]' },\n"),
  }],
  ['rewrite (ctx.rewrite)', {
    'routes/alias.tsx': "import type { PageContext } from 'edgepress';\nexport const prerender = false;\nexport default ({ rewrite }: PageContext) => rewrite('/visits');\n",
  }],
  ['security.csp', {
    'edgepress.config.ts': config("  security: { csp: { directives: { 'default-src': ['self'], 'script-src': ['self'], 'object-src': ['none'] } } },\n"),
  }],
  ['server island (defer())', {
    'routes/_card.tsx': "import { defer, usePage } from 'edgepress';\nfunction Card() {\n  const { cookies } = usePage();\n  return <p>{cookies.get('visits')?.value ?? 'new'}</p>;\n}\nexport const DeferredCard = defer(Card, { fallback: <p>Loading…</p> });\n",
    'routes/shell.tsx': "import { DeferredCard } from './_card.tsx';\nexport default () => <html><body><DeferredCard /></body></html>;\n",
  }],
  ['client island', {
    'islands/counter.tsx': "import { useState } from 'hono/jsx';\nexport default function Counter({ start }: { start: number }) {\n  const [count, setCount] = useState(start);\n  return <button onClick={() => setCount(count + 1)}>{count}</button>;\n}\n",
    'routes/counter.tsx': "import Counter from '../islands/counter.tsx';\nexport const prerender = false;\nexport default () => <html><body><Counter start={1} /></body></html>;\n",
  }],
  ['imported stylesheet', {
    'routes/_style.css': 'body { font-family: system-ui, sans-serif; margin: 2rem; }\nh1 { color: rebeccapurple; }\n',
    'routes/styled.tsx': "import './_style.css';\nexport const prerender = false;\nexport default () => <html><head><title>Styled</title></head><body><h1>Styled</h1></body></html>;\n",
  }],
  ['action (actions.ts)', {
    'actions.ts': "import { defineAction } from 'edgepress/actions';\nexport const actions = { ping: defineAction({ handler: () => 'pong' }) };\n",
  }],
  ['worker.ts (a scheduled handler)', {
    'worker.ts': "export default {\n  async scheduled(): Promise<void> {\n    console.log('tick');\n  },\n};\n",
  }],
  ['env schema', {
    'edgepress.config.ts': config("  env: { schema: { API_URL: { type: 'string', access: 'public', default: 'https://api.example' }, TOKEN: { type: 'string', optional: true } } },\n"),
  }],
];

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
  const result = await buildSite({ root, quiet: true });
  return { gzipBytes: result.bundle.gzipBytes, clientJs: clientJs(root) };
}

async function main(): Promise<void> {
  process.env.EDGEPRESS_KEY ??= Buffer.alloc(32, 9).toString('base64');
  process.env.WRANGLER_SEND_METRICS = 'false';
  try {
    const bare = await measure('bare', BARE);
    const rows: string[][] = [['bare (prerendered page, on-demand page with a cookie, endpoint)', String(bare.gzipBytes), '0', bare.clientJs]];
    for (const [feature, files] of FEATURES) {
      const result = await measure(feature, { ...BARE, ...files });
      rows.push([feature, String(result.gzipBytes), `${result.gzipBytes >= bare.gzipBytes ? '+' : ''}${result.gzipBytes - bare.gzipBytes}`, result.clientJs]);
    }
    const starter = await measure('starter', null);
    rows.push(['templates/default as `edgepress new` writes it', String(starter.gzipBytes), `+${starter.gzipBytes - bare.gzipBytes}`, starter.clientJs]);
    console.log('| feature (alone, over the bare site) | server bundle gzip (B) | delta vs bare (B) | client JS gzip |');
    console.log('|---|---:|---:|---:|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  } finally {
    rmSync(TMP, { recursive: true, force: true });
  }
}

await main();

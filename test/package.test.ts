/**
 * edgepress as a user gets it: `npm pack`, the tarball installed into an empty folder outside
 * the repo, `npx edgepress new`, then the new site's own install, typecheck, tests, build,
 * wrangler's dry-run deploy and dev server. Needs the npm registry (as CI has).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers/site.ts';
import { freePort } from '../src/cli/free-port.ts';

let work: string;
let tarball: string;
let project: string;
let site: string;
const timings: Record<string, number> = {};

/** The environment a user's shell has: none of the npm_* variables `npm test` set for this run. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^INIT_CWD$/i.test(key)));
  return { ...env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };
}

function run(cwd: string, command: string, args: string[], label?: string): SpawnSyncReturns<string> {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: 240_000 });
  if (label) timings[label] = performance.now() - started;
  return result;
}

function ok(result: SpawnSyncReturns<string>): string {
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}


beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'edgepress-user-'));
  ok(run(REPO, 'npm', ['pack', '--pack-destination', work], 'npm pack'));
  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  project = join(work, 'project');
  ok(run(work, 'mkdir', ['project']));
  ok(run(project, 'npm', ['init', '-y']));
  ok(run(project, 'npm', ['install', tarball], 'install the tarball'));
  site = join(project, 'my-site');
}, 300_000);
afterAll(() => {
  const firstPage = ['edgepress new', 'npm install (site)', 'dev to first page'].reduce((sum, k) => sum + (timings[k] ?? NaN), 0);
  timings['new + install + dev to first page'] = firstPage;
  console.log(`package flow timings: ${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}`);
  rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the CLI, the compiled library and the starter, and none of the repo', () => {
    const files = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(files).toContain('package/bin/edgepress.js');
    expect(files).toContain('package/lib/src/index.js');
    expect(files).toContain('package/lib/src/index.d.ts');
    expect(files).toContain('package/lib/src/testing/index.d.ts');
    expect(files).toContain('package/templates/default/routes/index.tsx');
    // The README's links and the hints of `edgepress new` point into docs/.
    const links = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#]*)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(files.some((f) => f === `package/${link}` || (link.endsWith('/') && f.startsWith(`package/${link}`))), link).toBe(true);
    expect(files).toContain('package/docs/adapters/node.md');
    expect(files.filter((f) => /^package\/(src|test|bench|routes|public|seed|\.ci)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('package/templates/'))).toEqual([]);
  });

  it('installs a CLI that knows its version and commands', { timeout: 60_000 }, () => {
    const own = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(ok(run(project, 'npx', ['edgepress', '--version'])).trim()).toBe(own.version);
    expect(ok(run(project, 'npx', ['edgepress', 'help']))).toMatch(/new DIR\s+create a site/);
    const unknown = run(project, 'npx', ['edgepress', 'bogus']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^edgepress: unknown command 'bogus'/);
    // An older Node (simulated: the check reads process.versions.node) gets one line, not a stack.
    const fakeNode18 = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"18.19.0"})';
    const old = run(project, process.execPath, ['--import', fakeNode18, join(project, 'node_modules/.bin/edgepress'), '--version']);
    expect(old.status).toBe(1);
    expect(old.stderr.trim()).toBe('edgepress: Node 20.19 or later (22.12 or later on Node 22) is required; this is Node 18.19.0. Install a current Node (https://nodejs.org) and run the command again.');
  });
});

describe('a new site made with npx edgepress new', () => {
  it('is written with its next steps, and a folder that is not empty is refused', { timeout: 60_000 }, () => {
    const out = ok(run(project, 'npx', ['edgepress', 'new', 'my-site'], 'edgepress new'));
    expect(out).toMatch(/created \d+ files in my-site/);
    expect(out).toMatch(/cd my-site\n\s+npm install\n\s+npm run dev/);
    for (const file of ['routes/index.tsx', 'routes/visits.tsx', 'routes/api/hello.ts', 'routes/blog/[slug].tsx', 'routes/404.tsx', 'routes/_components/Layout.css', '.gitignore', 'wrangler.jsonc', 'tsconfig.json', 'test/site.test.ts']) {
      expect(existsSync(join(site, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8'));
    expect(manifest.dependencies.edgepress).toBe(`file:${tarball}`);
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(['dev', 'build', 'preview', 'test', 'typecheck', 'types', 'deploy']));
    expect(readFileSync(join(site, 'README.md'), 'utf8')).toMatch(/\| `npm run deploy` \| builds and deploys to Cloudflare Workers/);

    const again = run(project, 'npx', ['edgepress', 'new', 'my-site']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/my-site is not empty .*add --force/);
  });

  it('for another adapter: no deploy script in package.json or README, and the guide it names is installed', { timeout: 60_000 }, () => {
    const out = ok(run(project, 'npx', ['edgepress', 'new', 'node-site', '--adapter', 'node']));
    const guide = 'node_modules/edgepress/docs/adapters/node.md';
    expect(out).toContain(`see ${guide}`);
    const readme = readFileSync(join(project, 'node-site/README.md'), 'utf8');
    expect(readme).not.toContain('npm run deploy');
    expect(readme).toContain(guide);
    expect(Object.keys(JSON.parse(readFileSync(join(project, 'node-site/package.json'), 'utf8')).scripts)).not.toContain('deploy');
    // The project that ran `edgepress new` has the same package the site installs.
    expect(readFileSync(join(project, guide), 'utf8')).toMatch(/^# /);
  });

  it('--template worker: installs, typechecks and passes its own tests (a Durable Object counter and a cron)', { timeout: 300_000 }, () => {
    ok(run(project, 'npx', ['edgepress', 'new', 'worker-site', '--template', 'worker']));
    const dir = join(project, 'worker-site');
    ok(run(dir, 'npm', ['install'], 'npm install (worker site)'));
    ok(run(dir, 'npm', ['run', 'typecheck']));
    expect(ok(run(dir, 'npm', ['test']))).toMatch(/Tests\s+9 passed \(9\)/);
  });

  it('installs, typechecks, passes its own tests and builds', { timeout: 300_000 }, () => {
    ok(run(site, 'npm', ['install'], 'npm install (site)'));
    ok(run(site, 'npm', ['run', 'typecheck'], 'typecheck'));
    const test = run(site, 'npm', ['test'], 'npm test (site)');
    expect(ok(test)).toMatch(/Tests\s+7 passed \(7\)/);
    const build = ok(run(site, 'npm', ['run', 'build'], 'build'));
    expect(build).toMatch(/on demand\s+page\s+\/visits/);
    expect(build).toMatch(/on demand\s+page\s+\/newsletter/);
    expect(build).toMatch(/actions: actions\.ts at \/_actions\//);
    expect(build).toMatch(/static\s+page\s+\/blog\/\[slug\]/);
    expect(build).toMatch(/start-up: [\d.]+ ms module/);
    expect(build).not.toMatch(/warning|not measured/i);
    const post = readFileSync(join(site, 'dist/client/blog/hello-world/index.html'), 'utf8');
    expect(post).toContain('<h1>Hello, world</h1>');
    // The layout's imported stylesheet: linked, written hashed under /_assets/, cached for good on Workers.
    const href = /<link rel="stylesheet" href="(\/_assets\/Layout\.[A-Z0-9]{8}\.css)">/.exec(post)?.[1];
    expect(href).toBeDefined();
    expect(readFileSync(join(site, 'dist/client', href!), 'utf8')).toContain('max-width:42rem');
    expect(readFileSync(join(site, 'dist/client/_headers'), 'utf8')).toContain('/_assets/*\n  Cache-Control: public, max-age=31536000, immutable');
  });

  it('deploys with wrangler (dry run, offline)', { timeout: 60_000 }, () => {
    const out = ok(run(site, 'npx', ['wrangler', 'deploy', '--dry-run', '-c', 'dist/server/wrangler.json', '--outdir', join(work, 'deploy')]));
    expect(out).toMatch(/--dry-run: exiting now/);
  });

  it('fails a build with one line naming the route, its imports and the fix', { timeout: 60_000 }, () => {
    const route = join(site, 'routes/disk.tsx');
    const lib = join(site, 'routes/_lib/disk.ts');
    mkdirSync(join(site, 'routes/_lib'));
    writeFileSync(lib, "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x', 'utf8');\n");
    writeFileSync(route, "import { read } from './_lib/disk';\nexport const prerender = false;\nexport default () => <p>{read()}</p>;\n");
    try {
      const build = run(site, 'npx', ['edgepress', 'build']);
      expect(build.status).toBe(1);
      expect(build.stderr.trim()).toBe(
        'edgepress: routes/disk.tsx: imports node:fs, which Cloudflare Workers without the nodejs_compat flag does not provide: ' +
          `routes/disk.tsx -> routes/_lib/disk.ts -> node:fs. Cloudflare's nodejs_compat flag covers node:fs: add "compatibility_flags": ["nodejs_compat"] to wrangler.jsonc.`,
      );
    } finally {
      rmSync(route);
      rmSync(join(site, 'routes/_lib'), { recursive: true });
    }
  });

  it('defers a component: typechecks with the shipped types, builds, and the island answers in workerd', { timeout: 120_000 }, () => {
    const files: Record<string, string> = {
      'routes/_who.tsx': "import { defer, usePage } from 'edgepress';\nfunction Who({ n }: { n: number }) {\n  return <b>{n} {usePage().cookies.get('who')?.value}</b>;\n}\nexport const DeferredWho = defer(Who, { fallback: <i>wait</i> });\n",
      'routes/island.tsx': "import { DeferredWho } from './_who';\nexport default () => <p><DeferredWho n={7} /></p>;\n",
      'island-check.mjs':
        "import { createTestWorker } from 'edgepress/testing';\nconst w = await createTestWorker({ build: false });\nconst page = await (await w.fetch('/island')).text();\n" +
        "const [, path, p] = /data-island=\"([^\"]+)\" data-p=\"([^\"]+)\"/.exec(page);\nconst res = await w.fetch(`${path}?u=%2Fisland&p=${p}`, { headers: { cookie: 'who=pat' } });\n" +
        "console.log(res.status, await res.text());\nawait w.dispose();\n",
    };
    for (const [path, text] of Object.entries(files)) writeFileSync(join(site, path), text);
    process.env.EDGEPRESS_KEY = Buffer.alloc(32, 5).toString('base64');
    try {
      ok(run(site, 'npm', ['run', 'typecheck']));
      const build = ok(run(site, 'npx', ['edgepress', 'build']));
      expect(build).not.toMatch(/warning/i);
      expect(ok(run(site, process.execPath, ['island-check.mjs'])).trim()).toBe('200 <b>7 pat</b>');
    } finally {
      delete process.env.EDGEPRESS_KEY;
      for (const path of Object.keys(files)) rmSync(join(site, path));
    }
    expect(ok(run(project, 'npx', ['edgepress', 'help']))).toContain('create-key');
  });

  it("takes Astro's `security: { csp: true }` and caches on Cloudflare with no KV namespace (issue 21 items 8, 9)", { timeout: 120_000 }, () => {
    const configFile = join(site, 'edgepress.config.ts');
    const config = readFileSync(configFile, 'utf8');
    const files: Record<string, string> = {
      'routes/cached.ts': "import type { APIRoute } from 'edgepress';\nexport const prerender = false;\nexport const GET: APIRoute = ({ cache }) => { cache.set({ maxAge: 60 }); return new Response('cached'); };\n",
      'routes/policed.tsx': "export const prerender = false;\nexport default () => <html><body><script>{'1'}</script></body></html>;\n",
      'cache-check.mjs':
        "import { createTestWorker } from 'edgepress/testing';\nconst w = await createTestWorker({ build: false });\nlet status = '';\n" +
        "for (let i = 0; i < 40 && !status.includes('hit'); i++) { const r = await w.fetch('/cached'); await r.text(); status = r.headers.get('cache-status'); if (!status.includes('hit')) await new Promise((ok) => setTimeout(ok, 50)); }\n" +
        "const policy = (await w.fetch('/policed')).headers.get('content-security-policy');\nconsole.log(status.split(';')[1].trim(), /script-src 'self' 'nonce-/.test(policy));\nawait w.dispose();\n",
    };
    writeFileSync(configFile, config.replace("output: 'static',", "output: 'static',\n  security: { csp: true },"));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(site, path), text);
    try {
      ok(run(site, 'npm', ['run', 'typecheck']));
      const build = ok(run(site, 'npx', ['edgepress', 'build']));
      expect(build).toContain('route cache: /cached (ctx.cache.set) in the Workers Cache API');
      expect(build).not.toContain('CACHE_TAGS');
      expect(ok(run(site, process.execPath, ['cache-check.mjs'])).trim()).toBe('hit true');
    } finally {
      writeFileSync(configFile, config);
      for (const path of Object.keys(files)) rmSync(join(site, path));
    }
  });

  it('has a client island: typechecks client:* attributes with the shipped types, builds, and workerd serves its module as immutable', { timeout: 120_000 }, () => {
    const files: Record<string, string> = {
      'islands/counter.tsx':
        "import { useState } from 'hono/jsx';\nexport default function Counter({ start }: { start: number }) {\n  const [n, setN] = useState(start);\n  return <button onClick={() => setN(n + 1)}>{n}</button>;\n}\n",
      'routes/counter.tsx': "import Counter from '../islands/counter';\nexport default () => <main><Counter start={3} client:visible /></main>;\n",
      'counter-check.mjs':
        "import { createTestWorker } from 'edgepress/testing';\nconst w = await createTestWorker({ build: false });\nconst page = await (await w.fetch('/counter')).text();\n" +
        "const [, src] = /data-c=\"([^\"]+)\"/.exec(page);\nconst js = await w.fetch(src);\n" +
        "console.log(/<button>3<\\/button>/.test(page), js.status, js.headers.get('cache-control'));\nawait w.dispose();\n",
    };
    mkdirSync(join(site, 'islands'));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(site, path), text);
    try {
      ok(run(site, 'npm', ['run', 'typecheck']));
      const build = ok(run(site, 'npx', ['edgepress', 'build']));
      expect(build).toMatch(/client islands: 1 module, 2 files in _edgepress\//);
      expect(build).not.toMatch(/warning/i);
      expect(ok(run(site, process.execPath, ['counter-check.mjs'])).trim()).toBe('true 200 public, max-age=31536000, immutable');
    } finally {
      rmSync(join(site, 'islands'), { recursive: true });
      for (const path of Object.keys(files)) rmSync(join(site, path), { force: true });
    }
  });

  it('runs a worker.ts Durable Object and cron, and checks an env schema, from the tarball', { timeout: 120_000 }, () => {
    const config = readFileSync(join(site, 'wrangler.jsonc'), 'utf8');
    const edgepressConfig = readFileSync(join(site, 'edgepress.config.ts'), 'utf8');
    const files: Record<string, string> = {
      'worker.ts':
        "import { DurableObject } from 'cloudflare:workers';\n" +
        'export class Counter extends DurableObject {\n  async increment(): Promise<number> {\n    const n = ((await this.ctx.storage.get<number>(\'n\')) ?? 0) + 1;\n    await this.ctx.storage.put(\'n\', n);\n    return n;\n  }\n}\n' +
        'export default {\n  async scheduled(controller: { cron: string }, env: any) {\n    await env.KV.put(\'cron\', controller.cron + \' \' + typeof env.LIMIT);\n  },\n};\n',
      'routes/count.ts': "export const prerender = false;\nexport const GET = async ({ env }: { env: any }) => new Response(String(await env.COUNTER.get(env.COUNTER.idFromName('a')).increment()) + ' ' + (await env.KV.get('cron')));\n",
      'worker-check.mjs':
        "import { createTestWorker } from 'edgepress/testing';\nconst w = await createTestWorker({ build: false });\nconst a = await (await w.fetch('/count')).text();\nawait w.scheduled('0 * * * *');\n" +
        "const b = await (await w.fetch('/count')).text();\nconsole.log(a + ' | ' + b);\nawait w.dispose();\n",
    };
    for (const [path, text] of Object.entries(files)) writeFileSync(join(site, path), text);
    writeFileSync(
      join(site, 'wrangler.jsonc'),
      JSON.stringify({
        name: 'my-site',
        compatibility_date: '2026-04-01',
        vars: { LIMIT: '5' },
        kv_namespaces: [{ binding: 'KV', id: '0123456789abcdef0123456789abcdef' }],
        durable_objects: { bindings: [{ name: 'COUNTER', class_name: 'Counter' }] },
        migrations: [{ tag: 'v1', new_sqlite_classes: ['Counter'] }],
        triggers: { crons: ['0 * * * *'] },
      }),
    );
    writeFileSync(join(site, 'edgepress.config.ts'), edgepressConfig.replace("output: 'static',", "output: 'static',\n  env: { schema: { LIMIT: { type: 'number', access: 'public' }, TOKEN: { type: 'string', access: 'secret' } } },"));
    try {
      const missing = run(site, 'npx', ['edgepress', 'build', '--check-env']);
      expect(missing.status).toBe(1);
      expect(missing.stderr.trim()).toBe('edgepress: .dev.vars: TOKEN is required (a string, secret) but not set. Set it in .dev.vars (or vars in the wrangler config), or change env.schema in edgepress.config.ts.');
      writeFileSync(join(site, '.dev.vars'), 'TOKEN=t\n');
      const build = ok(run(site, 'npx', ['edgepress', 'build', '--check-env']));
      expect(build).toContain('worker.ts: scheduled, Counter');
      expect(build).not.toMatch(/warning|not measured/i);
      expect(ok(run(site, process.execPath, ['worker-check.mjs'])).trim()).toBe('1 null | 2 0 * * * * number');
      expect(ok(run(site, 'npx', ['wrangler', 'deploy', '--dry-run', '-c', 'dist/server/wrangler.json', '--outdir', join(work, 'deploy-worker')]))).toMatch(/env\.COUNTER \(Counter\)/);
    } finally {
      for (const path of [...Object.keys(files), '.dev.vars']) rmSync(join(site, path), { force: true });
      writeFileSync(join(site, 'wrangler.jsonc'), config);
      writeFileSync(join(site, 'edgepress.config.ts'), edgepressConfig);
    }
  });

  it('imports a CSS Module and an SVG: typechecks with the shipped types, builds, and the class is in the linked CSS', { timeout: 120_000 }, () => {
    const files: Record<string, string> = {
      'routes/_components/badge.module.css': '.badge { color: rgb(1, 2, 3); }\n',
      'routes/_components/mark.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
      'routes/badge.tsx':
        "import styles from './_components/badge.module.css';\nimport mark from './_components/mark.svg';\nimport { Layout } from './_components/Layout';\n" +
        'export default () => <Layout title="Badge"><img src={mark} alt="" /><b class={styles.badge}>new</b></Layout>;\n',
    };
    for (const [path, text] of Object.entries(files)) writeFileSync(join(site, path), text);
    try {
      ok(run(site, 'npm', ['run', 'typecheck']));
      ok(run(site, 'npx', ['edgepress', 'build']));
      const html = readFileSync(join(site, 'dist/client/badge/index.html'), 'utf8');
      const scoped = /<b class="(badge_[\w-]+)">new<\/b>/.exec(html)?.[1];
      const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!);
      // In import order: the module is imported before the layout.
      expect(sheets.map((href) => href.replace(/\.[A-Z0-9]{8}\.css$/, ''))).toEqual(['/_assets/badge.module', '/_assets/Layout']);
      expect(readFileSync(join(site, 'dist/client', sheets[0]!), 'utf8')).toContain(`.${scoped}{color:#010203}`);
      const svg = /<img src="(\/_assets\/mark\.[A-Z0-9]{8}\.svg)"/.exec(html)?.[1];
      expect(existsSync(join(site, 'dist/client', svg!))).toBe(true);
    } finally {
      for (const path of Object.keys(files)) rmSync(join(site, path));
    }
  });

  it('is served by npm run dev: the home page and the on-demand page', async () => {
    const port = await freePort();
    const started = performance.now();
    const dev = spawn('npm', ['run', 'dev', '--', '--port', String(port)], { cwd: site, env: userEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    dev.stdout.on('data', (d: Buffer) => (output += d));
    dev.stderr.on('data', (d: Buffer) => (output += d));
    try {
      const origin = `http://127.0.0.1:${port}`;
      let home: Response | undefined;
      for (let i = 0; i < 120 && !home; i++) {
        home = await fetch(`${origin}/`).catch(() => undefined);
        if (!home) await new Promise((r) => setTimeout(r, 250));
      }
      timings['dev to first page'] = performance.now() - started;
      expect(home?.status, output).toBe(200);
      expect(await home!.text()).toContain('<h1>Welcome to my-site</h1>');
      const visits = await fetch(`${origin}/visits`, { headers: { cookie: 'visits=2' } });
      expect(visits.headers.get('set-cookie')).toMatch(/^visits=3;/);
      expect(await visits.text()).toContain('<strong id="visits">3</strong>');
      // An edit runs in the same workerd (the runner from lib/), without a restart.
      const homeFile = join(site, 'routes/index.tsx');
      const original = readFileSync(homeFile, 'utf8');
      writeFileSync(homeFile, original.replace('Welcome to', 'Edited:'));
      try {
        let body = '';
        for (let i = 0; i < 200 && !body.includes('Edited: my-site'); i++) {
          body = await fetch(`${origin}/`).then((r) => r.text(), () => '');
          if (!body.includes('Edited: my-site')) await new Promise((r) => setTimeout(r, 100));
        }
        expect(body, output).toContain('<h1>Edited: my-site</h1>');
        expect(output).not.toContain('workerd restarted');
      } finally {
        writeFileSync(homeFile, original);
      }
    } finally {
      process.kill(-dev.pid!, 'SIGTERM');
      await new Promise((resolve) => dev.once('exit', resolve));
    }
  }, 120_000);
});

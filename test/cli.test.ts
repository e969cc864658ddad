/** The commands a user types: build of a site folder outside the repo, and wrangler's dry-run deploy. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers/site.ts';
import { startWorkerd, type RunningSite } from './helpers/workerd.ts';
import { buildsInThread } from '../src/cli/build-thread.ts';

let site: string;
let running: RunningSite | undefined;

beforeAll(() => {
  // Outside the repo: no node_modules above it, so `edgepress` and `hono` must resolve to the framework's.
  site = mkdtempSync(join(tmpdir(), 'edgepress-site-'));
  const files: Record<string, string> = {
    'routes/index.tsx': "import { usePage } from 'edgepress';\nconst Who = () => <b>{usePage().url.pathname}</b>;\nexport default () => <p>outside <Who /></p>;\n",
    'routes/time.ts': "export const prerender = false;\nexport const GET = () => new Response('now');\n",
    'wrangler.toml': 'name = "outside-site"\ncompatibility_date = "2026-04-01"\n[vars]\nGREETING = "hi"\n',
    'routes/greet.ts': "export const prerender = false;\nexport const GET = ({ env }) => new Response(env.GREETING);\n",
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(site, path, '..'), { recursive: true });
    writeFileSync(join(site, path), content);
  }
});
afterAll(async () => {
  await running?.dispose();
  rmSync(site, { recursive: true, force: true });
});

describe('npm run build -- --root DIR', () => {
  it('builds a site folder outside the repo and prints the summary', () => {
    const result = spawnSync('npm', ['run', 'build', '--', '--root', site], { cwd: REPO, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/static\s+page\s+\/\s/);
    expect(result.stdout).toMatch(/on demand\s+endpoint\s+\/time/);
    expect(result.stdout).toMatch(/server bundle: [\d.]+ KB raw, [\d.]+ KB gzip/);
    expect(result.stdout).toMatch(/built in \d+ ms/);
    expect(readFileSync(join(site, 'dist/client/index.html'), 'utf8')).toBe('<p>outside <b>/</b></p>');
    // The dev server's reload script and error blocks never reach a build.
    const server = readFileSync(join(site, 'dist/server/index.js'), 'utf8');
    expect(server).not.toContain('__edgepress');
    expect(server).not.toContain('edgepress-error');
    expect(server).not.toContain('renderAll');
  });

  it('writes dist/server/wrangler.json from the site\'s own config', async () => {
    const config = JSON.parse(readFileSync(join(site, 'dist/server/wrangler.json'), 'utf8'));
    expect(config).toMatchObject({
      name: 'outside-site',
      compatibility_date: '2026-04-01',
      main: 'index.js',
      vars: { GREETING: 'hi' },
      assets: { directory: '../client', binding: 'ASSETS', not_found_handling: 'none' },
    });
    running = await startWorkerd(site);
    expect(await (await running.fetch('/greet')).text()).toBe('hi');
    expect(await (await running.fetch('/time')).text()).toBe('now');
  });

  it('fails with the file and the fix for a bad route, exit code 1', () => {
    const bad = mkdtempSync(join(tmpdir(), 'edgepress-bad-'));
    mkdirSync(join(bad, 'routes'));
    writeFileSync(join(bad, 'routes/[oops.tsx'), 'export default () => null;');
    const result = spawnSync('npm', ['run', '--silent', 'build', '--', '--root', bad], { cwd: REPO, encoding: 'utf8' });
    rmSync(bad, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^edgepress: routes\/\[oops\.tsx: .*never closed/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the build in a worker thread (the default installed from npm: build-thread.ts)', () => {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', EDGEPRESS_BUILD_THREAD: '1' };

  it('builds the same site, prints the summary and exits 0', () => {
    rmSync(join(site, 'dist/client/index.html'));
    const result = spawnSync('npm', ['run', '--silent', 'build', '--', '--root', site], { cwd: REPO, encoding: 'utf8', env });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/static\s+page\s+\/\s/);
    expect(result.stdout).toMatch(/built in \d+ ms/);
    expect(readFileSync(join(site, 'dist/client/index.html'), 'utf8')).toBe('<p>outside <b>/</b></p>');
  });

  it('fails with the file and the fix, exit code 1', () => {
    const bad = mkdtempSync(join(tmpdir(), 'edgepress-bad-'));
    mkdirSync(join(bad, 'routes'));
    writeFileSync(join(bad, 'routes/[oops.tsx'), 'export default () => null;');
    const result = spawnSync('npm', ['run', '--silent', 'build', '--', '--root', bad], { cwd: REPO, encoding: 'utf8', env });
    rmSync(bad, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^edgepress: routes\/\[oops\.tsx: .*never closed/m);
  });

  it('runs compiled by default, from source only when asked; EDGEPRESS_BUILD_THREAD=0 turns it off', () => {
    // This test runs from source (MODULE_EXT '.ts').
    expect(buildsInThread({})).toBe(false);
    expect(buildsInThread({ EDGEPRESS_BUILD_THREAD: '1' })).toBe(true);
    expect(buildsInThread({ EDGEPRESS_BUILD_THREAD: '0' })).toBe(false);
  });
});

describe('wrangler', () => {
  it('deploy --dry-run accepts the generated config offline, without a login', () => {
    const outdir = join(site, 'dist/.dry-run');
    const result = spawnSync(join(REPO, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '-c', join(site, 'dist/server/wrangler.json'), '--outdir', outdir], {
      cwd: site,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
      timeout: 90_000,
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/--dry-run: exiting now/);
    expect(existsSync(join(outdir, 'index.js'))).toBe(true);
  });
});

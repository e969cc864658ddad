/** `npm run preview -- --root DIR --port N`: serves the build until stopped, and leaves no runtime behind. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, makeSite, removeSite, REPO } from '../helpers/site.ts';
import { startPreview } from '../../src/cli/preview.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

describe('edgepress preview', () => {
  it('serves a deno build from its config, and stops deno with itself on SIGTERM', async () => {
    const root = makeSite('adapters', {
      'edgepress.config.ts': "import { defineConfig } from 'edgepress';\nexport default defineConfig({ adapter: 'deno' });\n",
    });
    roots.push(root);
    await build(root);
    const cli = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/bin.ts'), 'preview', '--root', root, '--port', '0'], {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (data: Buffer): void => {
          output += data.toString();
          const m = /edgepress preview: the 'deno' build of .* at (http:\/\/\S+)/.exec(output);
          if (m) resolve(m[1]!);
        };
        cli.stdout!.on('data', onData);
        cli.stderr!.on('data', onData);
        void exited.then(() => reject(new Error(`preview exited:\n${output}`)));
      });
      const res = await fetch(`${url}/about`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('About adapters');

      cli.kill('SIGTERM');
      expect(await exited).toBe(0);
      // deno ran in its own process group; preview must have stopped it too.
      await expect(fetch(`${url}/about`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-cli.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('runs the runtime of the adapter the site was last built for', async () => {
    const root = makeSite('adapters');
    roots.push(root);
    await build(root, { adapter: 'bun' });
    const server = await startPreview(root, { port: 0 });
    try {
      expect(server.adapter).toBe('bun');
      expect(await (await fetch(`${server.url}/about`)).text()).toContain('About adapters');
    } finally {
      await server.close();
    }
  });

  it('says how to fix a site that was not built', async () => {
    const root = makeSite('adapters');
    roots.push(root);
    const cli = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/bin.ts'), 'preview', '--root', root, '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    cli.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    cli.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('has no built output');
    expect(output).toContain('npm run build -- --root');
  });
});

/**
 * Edit to reloaded page in `edgepress dev`: a copy of a site is served by the real CLI, a
 * page's file is edited, and the time runs until the dev server has told open pages to reload
 * (server-sent event) and the page it then serves shows the edit.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../src/cli/free-port.ts';

export interface ReloadResult {
  site: string;
  /** Per edit, ms from the write to the reloaded page's body. */
  edits: number[];
  median: number;
}


/** Serves a copy of `siteRoot` with `edgepress dev` and edits `page` `count` times: its `heading` text (inside `<h1>`) gets a number. */
export async function measureDevReload(options: { repo: string; tmp: string; siteRoot: string; name: string; page: string; path: string; heading: string; count: number }): Promise<ReloadResult> {
  const root = mkdtempSync(join(options.tmp, '.dev-reload-'));
  for (const item of ['routes', 'public', 'edgepress.config.ts', 'wrangler.toml', 'seed']) {
    if (existsSync(join(options.siteRoot, item))) cpSync(join(options.siteRoot, item), join(root, item), { recursive: true });
  }
  const port = await freePort();
  const dev = spawn(process.execPath, [join(options.repo, 'bin/edgepress.js'), 'dev', '--root', root, '--port', String(port)], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout!.on('data', (d: Buffer) => (output += d));
  dev.stderr!.on('data', (d: Buffer) => (output += d));
  const origin = `http://127.0.0.1:${port}`;
  const abort = new AbortController();
  try {
    for (let i = 0; i < 900 && !/edgepress dev: http/.test(output); i++) await new Promise((r) => setTimeout(r, 100));
    if (!/edgepress dev: http/.test(output)) throw new Error(`edgepress dev did not start (exit ${dev.exitCode}):\n${output}`);
    await fetch(origin + options.path).then((r) => r.text());

    // One open page: the event stream a browser tab keeps.
    const events = await fetch(`${origin}/__edgepress/events`, { signal: abort.signal });
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let pending = '';
    const nextReload = async (): Promise<void> => {
      for (;;) {
        const at = pending.indexOf('event: reload');
        if (at !== -1) {
          pending = pending.slice(at + 13);
          return;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        pending += value;
      }
    };

    const file = join(root, options.page);
    const original = readFileSync(file, 'utf8');
    const edits: number[] = [];
    for (let n = 1; n <= options.count; n++) {
      const text = `${options.heading} ${n}`;
      const started = performance.now();
      writeFileSync(file, original.replace(`<h1>${options.heading}</h1>`, `<h1>${text}</h1>`));
      // A reload that came from something else (a late watcher event) does not show the edit: wait for the next.
      let shown = false;
      for (let reloads = 0; reloads < 3 && !shown; reloads++) {
        await nextReload();
        const body = await fetch(origin + options.path).then((r) => r.text());
        shown = body.includes(text);
      }
      if (!shown) throw new Error(`no reloaded page showed the edit ${text}:\n${output.slice(-2000)}`);
      edits.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 300));
    }
    const sorted = [...edits].sort((a, b) => a - b);
    return { site: options.name, edits, median: sorted[Math.floor(sorted.length / 2)]! };
  } finally {
    abort.abort();
    try {
      process.kill(-dev.pid!, 'SIGTERM');
    } catch {
      // Gone.
    }
    if (dev.exitCode === null && dev.signalCode === null) await new Promise((resolve) => dev.once('exit', resolve));
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `npx tsx bench/dev-load.ts`: how long the dev runtime takes to run a new build of a site, by
 * the way it is loaded: evaluated in the running workerd (what `edgepress dev` does) or by a
 * workerd restart (`setOptions`, what `wrangler dev` does). Median of 7, for the demo's dev
 * bundle and for one with ~1.5 MB of extra code in the site's part. The vendor bundle (framework
 * and packages) is compiled once per workerd and run again at each load.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevBuild } from '../src/dev/dev-build.ts';
import { DevRuntime } from '../src/dev/dev-runtime.ts';
import { quantile } from './lib/dev-reload.ts';

const REPO = join(import.meta.dirname, '..');

async function measure(name: string, padBytes: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'edgepress-dev-load-'));
  for (const item of ['routes', 'public', 'edgepress.config.ts', 'wrangler.toml', 'seed']) {
    if (existsSync(join(REPO, item))) cpSync(join(REPO, item), join(root, item), { recursive: true });
  }
  const build = new DevBuild(root);
  const runtime = new DevRuntime();
  try {
    const result = await build.build({ copyPublic: true });
    if (!result.ok) throw new Error(result.problem.message);
    // Extra code the module must parse (a large dependency): a string-free function body.
    const pad = padBytes > 0 ? `function __pad() {\n${'  globalThis.__x = (globalThis.__x ?? 0) + 1;\n'.repeat(Math.ceil(padBytes / 46))}}\n` : '';
    const code = pad + result.build.code;
    const config = { root, wrangler: result.wrangler, serverDir: build.serverDir, exports: result.exports, assets: [] as string[] };
    let current = config;
    await runtime.run(current, { ...result.build, code });
    const evaluate: number[] = [];
    const restart: number[] = [];
    for (let i = 0; i < 7; i++) {
      let t = performance.now();
      if (await runtime.run(current, { ...result.build, code })) throw new Error('restarted');
      evaluate.push(performance.now() - t);
      // A changed var is a new configuration: workerd restarts, then the build is loaded.
      current = { ...config, wrangler: { ...result.wrangler, vars: { RUN: String(i) } } };
      t = performance.now();
      if (!(await runtime.run(current, { ...result.build, code }))) throw new Error('did not restart');
      restart.push(performance.now() - t);
    }
    const kb = Math.round(code.length / 1024);
    const vendorKb = Math.round(result.build.vendor.code.length / 1024);
    return `dev runtime, ${name} (site code ${kb} KB, vendor bundle ${vendorKb} KB run again, sent after a restart): evaluate in the running workerd ${Math.round(quantile(evaluate, 0.5))} ms, restart (setOptions) + evaluate ${Math.round(quantile(restart, 0.5))} ms (median of 7)`;
  } finally {
    await runtime.dispose();
    await build.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(await measure('demo', 0));
console.log(await measure('demo + 1.5 MB', 1_500_000));

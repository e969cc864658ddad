/**
 * `edgepress preview [--root DIR] [--port N] [--adapter NAME]`: serves the built output of DIR in
 * its adapter's real runtime on 127.0.0.1 until stopped. Each adapter knows its runtime
 * (`Adapter.preview`); this file only picks the adapter and keeps the process alive.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PreviewServer } from '../build/adapter.ts';
import { loadAdapter } from '../build/build-site.ts';
import { loadConfig } from '../build/load-config.ts';
import type { AdapterName } from '../config.ts';
import { UsageError, type CliArgs } from './args.ts';

export const DEFAULT_PREVIEW_PORT = 4321;

export interface StartPreviewOptions {
  /** Overrides the config's adapter (use the one the site was built with). */
  adapter?: AdapterName;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/** The adapter recorded by the last build of `root`, if any. */
function builtAdapter(root: string): AdapterName | undefined {
  try {
    return (JSON.parse(readFileSync(join(root, 'dist/server/build.json'), 'utf8')) as { adapter?: AdapterName }).adapter;
  } catch {
    return undefined;
  }
}

/** Starts the built site at `root` in its adapter's runtime; the caller closes it. */
export async function startPreview(root: string, options: StartPreviewOptions = {}): Promise<PreviewServer & { adapter: AdapterName }> {
  let adapter = options.adapter ?? builtAdapter(root);
  if (!adapter) {
    const tmpDir = join(root, 'dist/.edgepress-preview');
    try {
      adapter = (await loadConfig(root, tmpDir)).config.adapter;
    } finally {
      rmSync(tmpDir, { recursive: true, force: true });
    }
  }
  if (!existsSync(join(root, 'dist/server'))) {
    throw new UsageError(`${root} has no built output (dist/server); run \`npm run build -- --root ${root}\` first.`);
  }
  const impl = await loadAdapter(adapter);
  if (!impl.preview) throw new UsageError(`the '${adapter}' adapter has no preview runtime.`);
  try {
    const server = await impl.preview({ root, host: options.host ?? '127.0.0.1', port: options.port ?? DEFAULT_PREVIEW_PORT });
    return { ...server, adapter };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(
        `the built output in ${root} is not for the '${adapter}' adapter (${(error as NodeJS.ErrnoException).path} is missing); ` +
          `run \`npm run build -- --root ${root} --adapter ${adapter}\` first.`,
      );
    }
    throw error;
  }
}

/** Runs the preview until SIGINT/SIGTERM; returns the exit code. */
export async function preview(args: CliArgs): Promise<number> {
  const server = await startPreview(args.root, { adapter: args.adapter, host: args.host, port: args.port });
  console.log(`edgepress preview: the '${server.adapter}' build of ${args.root} at ${server.url}  (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

/** The `edgepress` command: new, build, dev, preview, add, create-key. */
import { BuildError } from '../build/build-error.ts';
import { MissingPeerError } from '../build/peers.ts';
import { parseArgs, UsageError } from './args.ts';

export const USAGE = `usage: edgepress <command> [--root DIR] [options]
  new DIR   create a site in DIR                                [--adapter NAME] [--template worker] [--force]
  build     build the site (dist/client, dist/server, platform output)   [--check-env]
  dev       build, serve on 127.0.0.1 and rebuild on change   [--port N]
  preview   serve the built output in the adapter's runtime    [--port N]
  add NAME  switch the adapter and write its platform config   [--yes]
  create-key  print a new EDGEPRESS_KEY (server islands' props)
  --version print the version`;

/** Runs a command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      case 'new':
        return (await import('./new.ts')).create(args);
      case 'build':
        {
          // A thread whose heap limits the build sets (build-thread.ts); inside it, the build itself.
          const thread = await import('./build-thread.ts');
          if (thread.buildsInThread()) return await thread.buildInThread(argv);
        }
        await (await import('../build/build-site.ts')).buildSite({ root: args.root, dev: args.dev, adapter: args.adapter, checkEnv: args.checkEnv });
        return 0;
      case 'dev':
        return (await import('./dev.ts')).dev(args);
      case 'preview':
        return (await import('./preview.ts')).preview(args);
      case 'add':
        return (await import('./add.ts')).add(args);
      case 'create-key':
        return (await import('./create-key.ts')).printKey();
      default:
        throw new UsageError(`unknown command '${args.command}'.\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof BuildError || error instanceof UsageError || error instanceof MissingPeerError || (error as Error)?.name === 'BuildError') {
      console.error(`edgepress: ${(error as Error).message}`);
      return 1;
    }
    console.error(error);
    return 1;
  }
}

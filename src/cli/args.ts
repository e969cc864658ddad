/** Command-line flags: `--root DIR`, `--port N`, `--adapter NAME`, `--dev`, `--check-env`, `--yes`, `--force`, `--edgepress SPEC`. */
import { resolve } from 'node:path';
import { ADAPTERS, type AdapterName } from '../config.ts';

export interface CliArgs {
  command: string;
  root: string;
  port?: number;
  host: string;
  adapter?: AdapterName;
  dev: boolean;
  /** `new`: the starter ('default', 'worker'). */
  template?: string;
  /** `build`: check env.schema against .dev.vars first. */
  checkEnv: boolean;
  yes: boolean;
  /** `new`: write into a folder that is not empty. */
  force: boolean;
  /** `new`: the dependency spec written for edgepress (default: how this copy was installed). */
  edgepressSpec?: string;
  positional: string[];
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses argv (after the command name's position). */
export function parseArgs(argv: string[]): CliArgs {
  const [command = 'help', ...rest] = argv;
  const args: CliArgs = { command, root: process.cwd(), host: '127.0.0.1', dev: false, checkEnv: false, yes: false, force: false, positional: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--root') args.root = resolve(value());
    else if (arg === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number.');
      args.port = port;
    } else if (arg === '--host') args.host = value();
    else if (arg === '--adapter') {
      const name = value();
      if (!(ADAPTERS as readonly string[]).includes(name)) throw new UsageError(`--adapter must be one of ${ADAPTERS.join(', ')}.`);
      args.adapter = name as AdapterName;
    } else if (arg === '--dev') args.dev = true;
    else if (arg === '--check-env') args.checkEnv = true;
    else if (arg === '--template') args.template = value();
    else if (arg === '--yes' || arg === '-y') args.yes = true;
    else if (arg === '--force') args.force = true;
    else if (arg === '--edgepress') args.edgepressSpec = value();
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}.`);
    else args.positional.push(arg);
  }
  return args;
}

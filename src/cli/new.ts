/**
 * `edgepress new <dir> [--adapter NAME] [--template default|worker] [--force] [--edgepress SPEC]`: writes a starter site
 * (templates/default, with templates/<name> written over it) into DIR and prints the next steps. Installs nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { COMPATIBILITY_DATE } from '../../adapters/cloudflare/wrangler-config.ts';
import { frameworkPath } from '../build/framework-paths.ts';
import type { AdapterName } from '../config.ts';
import { UsageError, type CliArgs } from './args.ts';

interface PackageJson {
  name?: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Where an installed site finds the adapter's guide (docs/ ships in the package). */
export const adapterGuide = (adapter: AdapterName): string => `node_modules/edgepress/docs/adapters/${adapter}.md`;

/** The README's row on deploying: `npm run deploy` exists only for the Cloudflare adapters. */
function deployRow(adapter: AdapterName): string {
  return adapter.startsWith('cloudflare')
    ? '| `npm run deploy` | builds and deploys to Cloudflare Workers (`wrangler login` first) |'
    : `| deploying | \`npm run build\`, then the steps for ${adapter} in \`${adapterGuide(adapter)}\` |`;
}

/** The versions a new site pins: the ones this edgepress release is tested with. */
const SITE_DEV_DEPENDENCIES = ['wrangler', 'typescript', 'vitest'] as const;

function ownPackage(): PackageJson {
  return JSON.parse(readFileSync(frameworkPath('package.json'), 'utf8')) as PackageJson;
}

/**
 * How the new site should depend on edgepress. Installed from a tarball or a folder (before a
 * release, or to try a build), the project that installed this copy says where it came from;
 * otherwise the registry version.
 */
export function edgepressSpec(own: PackageJson): string {
  const installedIn = frameworkPath('..', '..');
  if (basename(frameworkPath('..')) === 'node_modules' && existsSync(join(installedIn, 'package.json'))) {
    const project = JSON.parse(readFileSync(join(installedIn, 'package.json'), 'utf8')) as PackageJson;
    const spec = project.dependencies?.edgepress ?? project.devDependencies?.edgepress;
    if (spec?.startsWith('file:')) {
      const path = spec.slice('file:'.length);
      return `file:${isAbsolute(path) ? path : resolve(installedIn, path)}`;
    }
    if (spec && /^(git\+|https?:|github:)/.test(spec)) return spec;
  }
  return `^${own.version}`;
}

/** The package name npm accepts for a folder name. */
function packageName(dir: string): string {
  return basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'edgepress-site';
}

function siteManifest(name: string, spec: string, own: PackageJson, adapter: AdapterName): string {
  const pinned = (pkg: string): string => {
    const version = own.devDependencies?.[pkg] ?? own.peerDependencies?.[pkg];
    if (!version) throw new Error(`edgepress's package.json does not name a version of ${pkg}`);
    return version.replace(/^[\^~]/, '');
  };
  const manifest = {
    name,
    version: '0.0.0',
    private: true,
    type: 'module',
    scripts: {
      dev: 'edgepress dev',
      build: 'edgepress build',
      preview: 'edgepress preview',
      test: 'vitest run',
      types: 'wrangler types',
      typecheck: 'wrangler types && tsc --noEmit',
      ...(adapter.startsWith('cloudflare') ? { deploy: 'edgepress build && wrangler deploy -c dist/server/wrangler.json' } : {}),
    },
    // valibot validates the starter's action (any Standard Schema validator would do); it is
    // tree-shaken to ~1 KB gzip of the worker, where zod with its locales added ~100 KB.
    dependencies: { edgepress: spec, hono: `^${pinned('hono')}`, valibot: `^${pinned('valibot')}` },
    devDependencies: Object.fromEntries(SITE_DEV_DEPENDENCIES.map((pkg) => [pkg, pinned(pkg)])),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function* templateFiles(dir: string, prefix = ''): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = prefix + entry.name;
    if (entry.isDirectory()) yield* templateFiles(join(dir, entry.name), `${path}/`);
    else yield path;
  }
}

/** The starters: 'default', and 'worker' (the default plus a Durable Object counter and a cron in worker.ts). */
export const TEMPLATES = ['default', 'worker'];

/** Writes the starter into `target`; returns the files written, relative to it. */
export function writeStarter(target: string, options: { adapter: AdapterName; edgepressSpec?: string; template?: string }): string[] {
  const own = ownPackage();
  const name = packageName(target);
  const values: Record<string, string> = { name, adapter: options.adapter, compatibilityDate: COMPATIBILITY_DATE, deployRow: deployRow(options.adapter) };
  const templateDir = frameworkPath('templates', 'default');
  const written: string[] = [];
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), content);
    written.push(path);
  };
  // A named template is an overlay: its files are written over the default starter's.
  const dirs = [templateDir, ...(options.template && options.template !== 'default' ? [frameworkPath('templates', options.template)] : [])];
  const files = new Map<string, string>();
  for (const dir of dirs) for (const file of templateFiles(dir)) files.set(file, join(dir, file));
  for (const [file, source] of files) {
    // npm drops .gitignore from packages, so the template keeps it as _gitignore.
    const path = file === '_gitignore' ? '.gitignore' : file;
    const text = readFileSync(source, 'utf8').replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
    write(path, text);
  }
  write('package.json', siteManifest(name, options.edgepressSpec ?? edgepressSpec(own), own, options.adapter));
  return written;
}

/** Runs `edgepress new`; returns the exit code. */
export async function create(args: CliArgs): Promise<number> {
  const dir = args.positional[0];
  if (!dir) throw new UsageError('usage: edgepress new <dir> [--adapter NAME] [--template default|worker] [--force]: the folder to create the site in.');
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UsageError(`${dir} exists and is not a folder; choose another name.`);
    const present = readdirSync(target).filter((n) => n !== '.git');
    if (present.length > 0 && !args.force) {
      throw new UsageError(`${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', ...' : ''}); choose an empty folder, or add --force to write over it.`);
    }
  }
  const adapter = args.adapter ?? 'cloudflare';
  const template = args.template ?? 'default';
  if (!TEMPLATES.includes(template)) throw new UsageError(`--template must be one of ${TEMPLATES.join(', ')}.`);
  if (template === 'worker' && !adapter.startsWith('cloudflare')) throw new UsageError("--template worker needs a Cloudflare adapter (Durable Objects and crons are Workers features); drop --adapter or use cloudflare-kv.");
  const files = writeStarter(target, { adapter, edgepressSpec: args.edgepressSpec, template });
  if (adapter !== 'cloudflare') {
    const { planAdd } = await import('./add.ts');
    for (const change of await planAdd(target, adapter)) writeFileSync(join(target, change.path), change.after);
  }
  const shown = relative(process.cwd(), target) || '.';
  const cd = shown === '.' ? '' : `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}\n`;
  console.log(`edgepress: created ${files.length} files in ${shown.startsWith('..') ? target : shown} (adapter: ${adapter}).

Next steps:
${cd}  npm install
  npm run dev        # http://127.0.0.1:8787, rebuilds on change
  npm test           # builds the site and tests it in workerd
  ${adapter.startsWith('cloudflare') ? 'npm run deploy     # to Cloudflare Workers' : `npm run build      # the output for ${adapter}: see ${adapterGuide(adapter)}`}`);
  return 0;
}

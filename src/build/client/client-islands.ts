/** The build step for client islands: find the `islands/` modules, bundle them for the browser, hand the server graph their wiring. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ResolvedConfig } from '../../config.ts';
import { buildClient, CLIENT_DIR } from './build-client.ts';
import { findIslandModules } from './island-modules.ts';
import { buildTimeEnv, envModulePlugin } from '../env-plugin.ts';
import type { ClientIslandsWiring } from './wrap-islands-plugin.ts';
import { findActions } from '../actions/find-actions.ts';
import { actionsClientPlugin } from '../actions/actions-plugin.ts';

/** The wiring, with the files the client build wrote (for the summary). */
export interface ClientIslands extends ClientIslandsWiring {
  files: string[];
  gzipBytes: number;
  /** The files the client build read (relative to the root): `edgepress dev` builds again only when one of them changes. */
  inputs: string[];
}

export interface ClientIslandsOptions {
  root: string;
  config: ResolvedConfig;
  /** dist/client plus the base. */
  siteDir: string;
  dev: boolean;
  warnings: string[];
  /** More plugins for the client graph (the style and asset imports). */
  plugins?: import('esbuild').Plugin[];
}

/** Builds the site's client islands; undefined (and nothing written) when it has none. */
export async function clientIslands(options: ClientIslandsOptions): Promise<ClientIslands | undefined> {
  const modules = findIslandModules(options.root);
  if (modules.length === 0) return undefined;
  const csp = options.config.security.csp;
  const scripts = csp ? (csp.directives['script-src'] ?? csp.directives['default-src']) : undefined;
  if (scripts && !scripts.some((source) => source === "'self'" || source === "'strict-dynamic'")) {
    options.warnings.push(`edgepress.config.ts: security.csp's script-src allows neither 'self' nor 'strict-dynamic', so browsers will refuse the island modules in ${CLIENT_DIR}/. Add 'self' to script-src.`);
  }
  // env.schema: `edgepress:env` gives islands the public values; a secret imported there fails the build.
  const env = options.config.env;
  const plugins = Object.keys(env).length > 0 ? [envModulePlugin(env, buildTimeEnv(options.root, options.dev))] : [];
  // Islands that import the site's actions get stubs that call {base}_actions/<name>: no handler reaches the browser.
  const actions = findActions(options.root);
  if (actions) plugins.push(actionsClientPlugin(actions, options.config.base));
  const built = await buildClient({ root: options.root, base: options.config.base, siteDir: options.siteDir, islands: modules, dev: options.dev, plugins: [...plugins, ...(options.plugins ?? [])] });
  const prefix = options.config.base.length;
  const gzipBytes = built.files.reduce((sum, url) => sum + gzipSync(readFileSync(join(options.siteDir, url.slice(prefix)))).length, 0);
  return { modules, built: built.islands, files: built.files, gzipBytes, inputs: Object.keys(built.metafile.inputs) };
}

/** One summary line: the island modules and what the browser may download for them. */
export function clientIslandsNote(islands: ClientIslands): string {
  return `client islands: ${islands.modules.length} module${islands.modules.length === 1 ? '' : 's'}, ${islands.files.length} file${islands.files.length === 1 ? '' : 's'} in ${CLIENT_DIR}/ (${(islands.gzipBytes / 1024).toFixed(1)} KB gzip in all)`;
}

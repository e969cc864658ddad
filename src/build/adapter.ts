/** The adapter contract: an adapter receives a Builder and shapes its platform's output. */
import type { ResolvedConfig } from '../config.ts';
import type { Manifest } from '../manifest.ts';
import type { AssetManifest } from '../runtime/assets/asset-server.ts';
import type { BundleInfo } from './bundle.ts';
import type { NodeBuiltins } from './node-builtins.ts';
import type { PageHeaders } from './csp-hashes.ts';
import type { PlatformRedirect } from './platform-redirects.ts';

export interface BundleRequest {
  /** The adapter's request-time entry module (absolute path); it exports `createEntry(app, options)`. */
  entry: string;
  /** Where to write the bundle (default: dist/server/index.js). */
  outfile?: string;
  /** JSON passed to `createEntry` as its second argument. */
  entryOptions?: unknown;
  platform?: 'browser' | 'node' | 'neutral';
  conditions?: string[];
  external?: string[];
  /** Source placed before the entry, e.g. an embedded asset table. */
  prelude?: string;
  /** The Node builtins the platform provides to on-demand code (default: none, unless platform is 'node'). */
  nodeBuiltins?: NodeBuiltins;
}

/** What the build offers an adapter (SvelteKit-style): high-level steps, not internals. */
export interface Builder {
  readonly root: string;
  readonly config: ResolvedConfig;
  /** dist/ */
  readonly outDir: string;
  /** dist/client/: public files and prerendered pages. */
  readonly clientDir: string;
  /** dist/server/: the server entry and its manifest. */
  readonly serverDir: string;
  /** The runtime manifest the bundle embeds. */
  readonly manifest: Manifest;
  readonly dev: boolean;
  /** The static files, as the asset servers read them. */
  assetManifest(): AssetManifest;
  /** Entry options for a filesystem asset store: the manifest and dist/client relative to dist/server. */
  filesystemAssets(): { assets: AssetManifest; clientDir: string };
  /** The config redirects the platform can answer itself with the same result (see platform-redirects.ts). */
  platformRedirects(): PlatformRedirect[];
  /**
   * The headers the build fixed for prerendered pages (their `security.csp` hash policy), for the
   * platform's header rules. `assetManifest()` carries them too, so the handler's stores send them.
   */
  pageHeaders(): PageHeaders[];
  /** Bundles the server entry with the on-demand routes only. */
  bundleServer(request: BundleRequest): Promise<BundleInfo>;
  /** Copies dist/client to `dir` (for platforms that deploy a folder of their own). */
  copyClient(dir: string): void;
  /** Writes a file, creating folders; `path` is relative to the site root unless absolute. */
  writeFile(path: string, content: string | Uint8Array): void;
  warn(message: string): void;
}

export interface AdapterResult {
  bundle: BundleInfo;
  /** What to run or deploy, one line each, for the summary. */
  notes?: string[];
}

/** Where `edgepress preview` serves a built site. */
export interface PreviewOptions {
  /** The site root (its dist/ is already built for this adapter). */
  root: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** A running preview: the site's origin and a way to stop it (and every process it started). */
export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

/** A platform config file `edgepress add` writes or updates (path relative to the site root). */
export interface PlatformFile {
  path: string;
  /** The new content, given the current one (undefined when the file does not exist). */
  update(current: string | undefined): string;
}

/** One platform. `adapters/<name>/build.ts` default-exports one. */
export interface Adapter {
  name: string;
  adapt(builder: Builder): Promise<AdapterResult>;
  /**
   * Which prerendered pages (asset paths) the platform can give header rules of their own, when it
   * has a limit (Workers Static Assets: 100 `_headers` rules); the others keep their CSP in a <meta>.
   */
  acceptPageHeaders?(pages: readonly PageHeaders[], site: { root: string; clientDir: string; config: ResolvedConfig }): ReadonlySet<string>;
  /** Serves the built output in the platform's real runtime on `host:port`. */
  preview?(options: PreviewOptions): Promise<PreviewServer>;
  /** The platform config files `edgepress add <name>` writes. */
  platformFiles?(root: string): PlatformFile[];
  /** Whether it runs a site's worker.ts (Durable Objects, cron, queues...); without it, a worker.ts fails the build. */
  runsSiteWorker?: boolean;
}

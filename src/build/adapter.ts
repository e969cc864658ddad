/** The adapter contract: an adapter receives a Builder and shapes its platform's output. */
import type { ResolvedConfig } from '../config.ts';
import type { Manifest } from '../manifest.ts';
import type { AssetManifest } from '../runtime/assets/asset-server.ts';
import type { BundleInfo } from './bundle.ts';

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

/** One platform. `adapters/<name>/build.ts` default-exports one. */
export interface Adapter {
  name: string;
  adapt(builder: Builder): Promise<AdapterResult>;
}

/**
 * The incremental build: a prerendered page is rendered again only when its inputs changed.
 * A page's key hashes the site-wide inputs (framework version, config, the prerender entry
 * without its route list, every module the handler and the middleware reach), its route's module
 * graph (every file the route imports, transitively, by content, from the prerender bundle's
 * metafile and source map) and its `getStaticPaths` entry (params and props). A page that
 * fetched or read a file while rendering is rendered again by every build, unless its route
 * exports `buildKey` (docs/incremental-builds.md).
 *
 * The record lives in `dist/.edgepress-cache/prerender.json`, beside the pages it describes:
 * deleting dist/ deletes both, so they never disagree (a cache in node_modules/.cache would
 * outlive the pages it vouches for).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import type { ResolvedConfig } from '../config.ts';
import { BuildError } from './build-error.ts';
import { frameworkPath } from './framework-paths.ts';
import { reachableInputs } from './metafile-graph.ts';
import type { PrerenderModule } from './prerender-page.ts';
import type { PlannedPage } from './prerender.ts';

/** The record's format. */
export const RECORD_VERSION = 1;

/** What the last build wrote, per page file (relative to the site folder). */
export interface CacheRecord {
  version: number;
  /** base and trailingSlash: the layout of the files; another layout starts over. */
  layout: string;
  pages: Record<string, PageRecord>;
}

export interface PageRecord {
  key: string;
  /** It fetched or read a file while rendering: render it again next time (unless its route has a buildKey). */
  reads?: true;
  /** The CSP hash policy was written into it: its bytes are not the render's. */
  meta?: true;
  /** Its size and ETag as written (the asset manifest's, for a kept page). */
  size?: number;
  etag?: string;
}

/** Where the record lives for a build writing to `outDir`. */
export const recordFile = (outDir: string): string => join(outDir, '.edgepress-cache', 'prerender.json');

/** The layout key: a change of base or trailing-slash rule moves every file. */
export const layoutOf = (config: ResolvedConfig): string => JSON.stringify([config.base, config.trailingSlash]);

/** Reads the last build's record and removes it (a build that fails half-way leaves none); undefined when absent or of another layout. */
export function takeRecord(outDir: string, layout: string): CacheRecord | undefined {
  const file = recordFile(outDir);
  if (!existsSync(file)) return undefined;
  let record: CacheRecord | undefined;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as CacheRecord;
  } catch {
    record = undefined;
  }
  rmSync(file, { force: true });
  return record && record.version === RECORD_VERSION && record.layout === layout && record.pages ? record : undefined;
}

/** Writes the record of this build. */
export function saveRecord(outDir: string, record: CacheRecord): void {
  const file = recordFile(outDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(record));
}

const sha = (...parts: string[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('base64url');
};

/** Each bundled input's text, from the bundle's inline source map (virtual modules included), by absolute path. */
function sourcesOf(bundlePath: string): Map<string, string> {
  const code = readFileSync(bundlePath, 'utf8');
  const at = code.lastIndexOf('//# sourceMappingURL=data:application/json;base64,');
  const map = new Map<string, string>();
  if (at < 0) return map;
  const json = JSON.parse(Buffer.from(code.slice(at + 50).trim(), 'base64').toString('utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
  const dir = dirname(bundlePath);
  json.sources.forEach((source, i) => map.set(source.includes(':') && !source.startsWith('/') ? source : resolve(dir, source), json.sourcesContent?.[i] ?? ''));
  return map;
}

/** Props and params as text for the key: JSON with Map, Set, Date and bigint spelled out; undefined when they cannot be (a cycle, a function). */
function entryText(entry: PlannedPage['entry']): string | undefined {
  if (!entry) return '';
  try {
    return JSON.stringify(entry, (_key, value: unknown) => {
      if (typeof value === 'function' || typeof value === 'symbol') throw new Error('not data');
      if (typeof value === 'bigint') return `${value}n`;
      if (value instanceof Map) return { $map: [...value] };
      if (value instanceof Set) return { $set: [...value] };
      return value;
    });
  } catch {
    return undefined;
  }
}

export interface KeyInputs {
  root: string;
  bundlePath: string;
  metafile: Metafile;
  config: ResolvedConfig;
  /** The prerender entry's source without its routes (parts, keys, the manifest's site-wide fields). */
  siteSource: string;
  /** Every route file (the entry imports them; the site-wide part stops there). */
  routeFiles: string[];
  /** Route files whose code reads the build's live bindings: always rendered (unless buildKey). */
  readsBindings: (routeFile: string) => boolean;
}

/** What the incremental build decides for one page. */
export interface PageKey {
  /** undefined: not cacheable (props that are not data). */
  key: string | undefined;
  /** The route exports `buildKey`: its key vouches for the data the page reads. */
  declared: boolean;
}

/** Keys pages: site-wide inputs once, each route's module graph once, then each entry. */
export function pageKeyer(inputs: KeyInputs): (page: PlannedPage, mod: PrerenderModule) => PageKey | Promise<PageKey> {
  const { metafile, root } = inputs;
  const sources = sourcesOf(inputs.bundlePath);
  const contentHashes = new Map<string, string>();
  const contentOf = (input: string): string => {
    let hash = contentHashes.get(input);
    if (hash === undefined) {
      const abs = input.includes(':') && !input.startsWith('/') ? input : resolve(root, input);
      const text = sources.get(abs) ?? readIfThere(resolve(root, input.replace(/\?.*$/, ''))) ?? `${metafile.inputs[input]?.bytes ?? 0} bytes`;
      hash = sha(input, text);
      contentHashes.set(input, hash);
    }
    return hash;
  };
  const routeFiles = new Set(inputs.routeFiles);
  /** Every input reachable from `from`, not descending into `stop`. */
  const graph = (from: string[], stop: ReadonlySet<string>): string[] => reachableInputs(metafile, from, (path) => !stop.has(path)).sort();
  const entry = Object.keys(metafile.inputs).find((input) => input.endsWith('edgepress-prerender-entry.js'));
  // The entry itself lists every route (adding one must not re-render the rest): its site-wide source stands for it.
  const shared = graph(entry ? [entry] : [], routeFiles).filter((input) => input !== entry);
  const siteKey = sha(frameworkVersion(), JSON.stringify(inputs.config), inputs.siteSource, ...shared.map(contentOf));
  const routes = new Map<string, { key: string; declared: unknown; readsEnv: boolean }>();
  const keyOf = (page: PlannedPage, route: { key: string; declared: unknown; readsEnv: boolean }, extra: string): PageKey => {
    const text = entryText(page.entry);
    const { declared } = route;
    return { key: text === undefined || (route.readsEnv && declared === undefined) ? undefined : sha(route.key, text, extra), declared: declared !== undefined };
  };
  const declaredKey = async (page: PlannedPage, declared: unknown): Promise<string> => {
    try {
      const value = typeof declared === 'function' ? await (declared as (ctx: { params: unknown; props: unknown }) => unknown)({ params: page.job.params, props: page.job.props }) : declared;
      return JSON.stringify(value) ?? 'undefined';
    } catch (error) {
      throw new BuildError(page.route.file, `buildKey threw for ${page.job.path}: ${(error as Error).message}; it must return the version of the data the page reads (any JSON value).`);
    }
  };
  // Synchronous for a page whose route is known and has no buildKey: 20,000 pages make no 20,000 promises.
  return (page, mod) => {
    const file = page.route.file;
    const route = routes.get(file);
    if (route && route.declared === undefined) return keyOf(page, route, '');
    return (async () => {
      let known = route;
      if (!known) {
        const key = sha(siteKey, JSON.stringify(page.route), ...graph([file], new Set()).map(contentOf));
        const declared = ((await mod.modules[file]!()) as { buildKey?: unknown }).buildKey;
        known = { key, declared, readsEnv: inputs.readsBindings(file) };
        routes.set(file, known);
      }
      return keyOf(page, known, known.declared === undefined ? '' : await declaredKey(page, known.declared));
    })();
  };
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

let version: string | undefined;
/** The framework's version (a new edgepress renders everything again). */
function frameworkVersion(): string {
  version ??= (JSON.parse(readFileSync(frameworkPath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** Whether the page's file from the last build may stay: same key, no data read (or a buildKey), no meta policy written into it. */
export function reusable(previous: PageRecord | undefined, key: PageKey): boolean {
  return previous !== undefined && key.key !== undefined && previous.key === key.key && (!previous.reads || key.declared) && !previous.meta;
}

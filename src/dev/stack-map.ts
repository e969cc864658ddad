/** Stack traces of the dev bundle, mapped back to the site's own files through its source map. */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FRAMEWORK_ROOT } from '../build/framework-paths.ts';

/** One frame of a stack, in the source the user wrote where the map knows it. */
export interface Frame {
  fn?: string;
  /** Relative to the site root for its own files; otherwise as found (node_modules/...). */
  file: string;
  line: number;
  column: number;
  /** The site's own code (not node_modules, not edgepress). */
  site: boolean;
}

const FRAME = /^\s*at (?:(.+?) \()?(?:async )?(.+?):(\d+):(\d+)\)?\s*$/;

/** edgepress's own code when it runs from source (this repository); installed, it is in node_modules. */
const FRAMEWORK_CODE = ['src', 'adapters', 'lib'].map((dir) => join(FRAMEWORK_ROOT, dir) + sep);

/** Reads (and caches by mtime) the bundle's source map. */
export class StackMapper {
  private cached: { mtime: number; map: TraceMap } | undefined;

  constructor(
    private readonly root: string,
    /** The bundle the stacks point into (dist/server/index.js). */
    private readonly bundleFile: string,
    /** Its source map, wherever it is kept (its sources are relative to the bundle's folder). */
    private readonly mapFile: string,
  ) {}

  private map(): TraceMap | undefined {
    if (!existsSync(this.mapFile)) return undefined;
    const mtime = statSync(this.mapFile).mtimeMs;
    if (this.cached?.mtime !== mtime) this.cached = { mtime, map: new TraceMap(readFileSync(this.mapFile, 'utf8'), `${this.bundleFile}.map`) };
    return this.cached.map;
  }

  private display(file: string): { file: string; site: boolean } {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!isAbsolute(path)) return { file: path, site: false };
    const rel = relative(this.root, path);
    const inNodeModules = path.split(sep).includes('node_modules');
    const framework = FRAMEWORK_CODE.some((dir) => path.startsWith(dir));
    if (!inNodeModules && !rel.startsWith('..')) return { file: rel, site: !framework && !rel.startsWith('dist' + sep) };
    const at = path.lastIndexOf(`node_modules${sep}`);
    return { file: at === -1 ? path : path.slice(at), site: false };
  }

  /** The frames of `stack`, each mapped to its original file, line and column. */
  frames(stack: string): Frame[] {
    const map = this.map();
    const bundle = resolve(this.bundleFile);
    const frames: Frame[] = [];
    for (const line of stack.split('\n')) {
      const m = FRAME.exec(line);
      if (!m) continue;
      const [, fn, rawFile, l, c] = m;
      const file = rawFile!.startsWith('file://') ? fileURLToPath(rawFile!) : rawFile!;
      if (map && resolve(file) === bundle) {
        const pos = originalPositionFor(map, { line: Number(l), column: Number(c) - 1 });
        if (pos.source) {
          const source = pos.source.startsWith('file://') ? fileURLToPath(pos.source) : resolve(dirname(this.bundleFile), pos.source);
          frames.push({ fn: fn ?? pos.name ?? undefined, ...this.display(source), line: pos.line, column: pos.column + 1 });
          continue;
        }
      }
      frames.push({ fn, ...this.display(file), line: Number(l), column: Number(c) });
    }
    return frames;
  }

  /**
   * `text` (a log line, an error body) with each `bundle:line:column` it names replaced by the
   * site's own file, line and column, so no one reads positions in the dev bundle.
   */
  mapText(text: string): string {
    const bundle = resolve(this.bundleFile);
    if (!text.includes(bundle)) return text;
    const map = this.map();
    if (!map) return text;
    const at = new RegExp(`(?:file://)?${bundle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`, 'g');
    return text.replace(at, (whole, line: string, column: string) => {
      const pos = originalPositionFor(map, { line: Number(line), column: Number(column) - 1 });
      if (!pos.source) return whole;
      const source = pos.source.startsWith('file://') ? fileURLToPath(pos.source) : resolve(dirname(this.bundleFile), pos.source);
      return `${this.display(source).file}:${pos.line}:${pos.column + 1}`;
    });
  }

  /**
   * The text of `file` (relative to the root): what the bundle was built from (the map's
   * sources), or the file on disk when `fromDisk` (a file that did not compile is not in the map).
   */
  source(file: string, fromDisk = false): string | undefined {
    const map = fromDisk ? undefined : this.map();
    const absolute = resolve(this.root, file);
    if (map) {
      const index = map.resolvedSources.findIndex((s) => resolve(s.startsWith('file://') ? fileURLToPath(s) : s) === absolute);
      const content = index === -1 ? undefined : map.sourcesContent?.[index];
      if (content) return content;
    }
    try {
      return readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
  }
}

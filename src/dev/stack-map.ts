/** Stack traces of the dev bundle, mapped back to the site's own files through its source map. */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFrameworkCode } from '../build/framework-paths.ts';

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

/** A bundle stacks may point into, and its source map (its sources are relative to the bundle's folder). */
export interface MappedBundle {
  file: string;
  map: string;
}

/** Maps positions in the dev bundles (the site's code and the vendor bundle) to the files they were built from; reads each map again when it changes. */
export class StackMapper {
  private readonly cached = new Map<string, { mtime: number; map: TraceMap }>();
  private readonly bundles: MappedBundle[];

  constructor(
    private readonly root: string,
    bundles: MappedBundle[],
  ) {
    this.bundles = bundles.map((b) => ({ file: resolve(b.file), map: b.map }));
  }

  private map(bundle: MappedBundle): TraceMap | undefined {
    if (!existsSync(bundle.map)) return undefined;
    const mtime = statSync(bundle.map).mtimeMs;
    let cached = this.cached.get(bundle.file);
    if (cached?.mtime !== mtime) {
      cached = { mtime, map: new TraceMap(readFileSync(bundle.map, 'utf8'), `${bundle.file}.map`) };
      this.cached.set(bundle.file, cached);
    }
    return cached.map;
  }

  /** The original position of `line`:`column` (1-based) in `bundle`, if its map knows it. */
  private original(bundle: MappedBundle, line: number, column: number): { file: string; site: boolean; line: number; column: number; name?: string } | undefined {
    const map = this.map(bundle);
    if (!map) return undefined;
    const pos = originalPositionFor(map, { line, column: column - 1 });
    if (!pos.source) return undefined;
    const source = pos.source.startsWith('file://') ? fileURLToPath(pos.source) : resolve(dirname(bundle.file), pos.source);
    return { ...this.display(source), line: pos.line, column: pos.column + 1, name: pos.name ?? undefined };
  }

  private display(file: string): { file: string; site: boolean } {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!isAbsolute(path)) return { file: path, site: false };
    const rel = relative(this.root, path);
    const inNodeModules = path.split(sep).includes('node_modules');
    const framework = isFrameworkCode(path);
    if (!inNodeModules && !rel.startsWith('..')) return { file: rel, site: !framework && !rel.startsWith('dist' + sep) };
    const at = path.lastIndexOf(`node_modules${sep}`);
    return { file: at === -1 ? path : path.slice(at), site: false };
  }

  /** The frames of `stack`, each mapped to its original file, line and column. */
  frames(stack: string): Frame[] {
    const frames: Frame[] = [];
    for (const line of stack.split('\n')) {
      const m = FRAME.exec(line);
      if (!m) continue;
      const [, fn, rawFile, l, c] = m;
      const file = rawFile!.startsWith('file://') ? fileURLToPath(rawFile!) : rawFile!;
      const bundle = this.bundles.find((b) => b.file === resolve(file));
      const pos = bundle && this.original(bundle, Number(l), Number(c));
      if (pos) {
        const { name, ...at } = pos;
        frames.push({ fn: fn ?? name, ...at });
        continue;
      }
      frames.push({ fn, ...this.display(file), line: Number(l), column: Number(c) });
    }
    return frames;
  }

  /**
   * `text` (a log line, an error body) with each `bundle:line:column` it names replaced by the
   * site's own file, line and column, so no one reads positions in the dev bundles.
   */
  mapText(text: string): string {
    for (const bundle of this.bundles) {
      if (!text.includes(bundle.file)) continue;
      const at = new RegExp(`(?:file://)?${bundle.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`, 'g');
      text = text.replace(at, (whole, line: string, column: string) => {
        const pos = this.original(bundle, Number(line), Number(column));
        return pos ? `${pos.file}:${pos.line}:${pos.column}` : whole;
      });
    }
    return text;
  }

  /**
   * The text of `file` (relative to the root): what the bundle was built from (the map's
   * sources), or the file on disk when `fromDisk` (a file that did not compile is not in the map).
   */
  source(file: string, fromDisk = false): string | undefined {
    const absolute = resolve(this.root, file);
    for (const bundle of fromDisk ? [] : this.bundles) {
      const map = this.map(bundle);
      const index = map ? map.resolvedSources.findIndex((s) => resolve(s.startsWith('file://') ? fileURLToPath(s) : s) === absolute) : -1;
      const content = index === -1 ? undefined : map!.sourcesContent?.[index];
      if (content) return content;
    }
    try {
      return readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
  }
}

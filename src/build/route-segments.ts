/** Parses a route file's path into segments, its pattern and its matching RegExp. */
import { hasExtension } from '../runtime/paths.ts';
import { BuildError } from './build-error.ts';

export type Part = { kind: 'static'; text: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };
export type Segment = Part[];

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits one path segment (`[lang]-[version]`, `v[n]`, `[...slug].json`) into parts. */
export function parseSegment(segment: string, file: string): Segment {
  const parts: Segment = [];
  let i = 0;
  while (i < segment.length) {
    const open = segment.indexOf('[', i);
    const close = segment.indexOf(']', i);
    if (close !== -1 && (open === -1 || close < open)) {
      throw new BuildError(file, `the segment "${segment}" has a "]" without a matching "["; write params as [name] or [...name].`);
    }
    if (open === -1) {
      parts.push({ kind: 'static', text: segment.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: 'static', text: segment.slice(i, open) });
    const end = segment.indexOf(']', open);
    if (end === -1) throw new BuildError(file, `the segment "${segment}" has a "[" that is never closed; write params as [name] or [...name].`);
    const inner = segment.slice(open + 1, end);
    if (inner.includes('[')) {
      throw new BuildError(file, `the segment "${segment}" nests brackets; optional params ([[x]]) are not supported, use a rest param [...x] instead.`);
    }
    const rest = inner.startsWith('...');
    const name = rest ? inner.slice(3) : inner;
    if (!IDENT.test(name) || RESERVED.has(name)) {
      throw new BuildError(
        file,
        `"[${inner}]" is not a valid param; a param name is a JavaScript identifier other than __proto__, constructor or prototype, as in [slug] or [...path].`,
      );
    }
    const previous = parts[parts.length - 1];
    if (previous && previous.kind !== 'static') {
      throw new BuildError(file, `the segment "${segment}" has two params with nothing between them; separate them with text, as in [lang]-[version].`);
    }
    parts.push({ kind: rest ? 'rest' : 'param', name });
    i = end + 1;
  }
  return parts;
}

export interface ParsedRoute {
  segments: Segment[];
  pattern: string;
  regex: string;
  params: string[];
  rest: string[];
  /** The route emits a file with an extension (`feed.xml`, `[...slug].json`), not a page. */
  isFile: boolean;
  staticPath?: string;
}

/**
 * True when the last segment ends in static text with an extension. Brackets are not text:
 * `[...path]` has a '.' but names a param, so it is a page like any other.
 */
function endsInExtension(segments: Segment[]): boolean {
  const last = segments[segments.length - 1];
  const tail = last?.[last.length - 1];
  if (!last || !tail || tail.kind !== 'static') return false;
  return last.length === 1 ? hasExtension('/' + tail.text) : tail.text.includes('.');
}

/** Builds a route's pattern and RegExp from its URL segments (file path without extension or `index`). */
export function parseRoutePath(urlSegments: string[], file: string): ParsedRoute {
  const segments = urlSegments.map((s) => parseSegment(s, file));
  const params: string[] = [];
  const rest: string[] = [];
  let regex = '^';
  for (const segment of segments) {
    if (segment.length === 1 && segment[0]!.kind === 'rest') {
      // A lone rest param matches zero or more whole segments.
      regex += '(?:/(.*))?';
    } else {
      regex += '/';
      for (const part of segment) {
        if (part.kind === 'static') regex += escapeRegex(encodeURI(part.text));
        else regex += part.kind === 'rest' ? '(.*?)' : '([^/]+?)';
      }
    }
    for (const part of segment) {
      if (part.kind === 'static') continue;
      if (params.includes(part.name)) throw new BuildError(file, `the param "${part.name}" appears twice in the path; give each param its own name.`);
      params.push(part.name);
      if (part.kind === 'rest') rest.push(part.name);
    }
  }
  if (segments.length === 0) regex += '/';
  regex += '$';
  const pattern = '/' + urlSegments.join('/');
  const result: ParsedRoute = { segments, pattern, regex, params, rest, isFile: endsInExtension(segments) };
  if (params.length === 0) result.staticPath = encodeURI(pattern);
  return result;
}

/** A key equal for routes that match exactly the same paths (param names ignored). */
export function shapeKey(segments: Segment[]): string {
  return segments
    .map((s) => s.map((p) => (p.kind === 'static' ? p.text.replace(/[[\]]/g, '\\$&') : p.kind === 'rest' ? '[...]' : '[]')).join(''))
    .join('/');
}

/** 'a boolean', 'an array', 'null'...: how a wrong param value is named in an error. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** A value as the user wrote it, for an error message: JSON where it can be, never throwing (BigInt). */
export function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return value !== null && typeof value === 'object' ? `{ ${Object.keys(value).join(', ')} }` : String(value);
  }
}

/** The pathname a set of params produces (for getStaticPaths). Rest params may hold '/'. */
export function pathFromParams(segments: Segment[], params: Record<string, unknown>, file: string): string {
  const out: string[] = [];
  for (const segment of segments) {
    let text = '';
    for (const part of segment) {
      if (part.kind === 'static') {
        text += encodeURI(part.text);
        continue;
      }
      const value = params[part.name];
      if (part.kind === 'rest' && (value === undefined || value === '')) continue;
      if (value === undefined) {
        throw new BuildError(
          file,
          `getStaticPaths() returned params without "${part.name}" (got ${describeValue(params)}); every entry needs params.${part.name} as a string.`,
        );
      }
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new BuildError(
          file,
          `getStaticPaths() returned params.${part.name} as ${typeName(value)}; each param must be a string (or undefined, for a rest param such as [...${part.name}]).`,
        );
      }
      const s = String(value);
      text += part.kind === 'rest' ? s.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(s);
    }
    if (text !== '') out.push(text);
  }
  return '/' + out.join('/');
}

/** Reads `export const prerender = true | false` from a route's source, without running it. */
import { BuildError } from './build-error.ts';

/** Source text with comments blanked out (string contents kept), so commented-out exports do not count. */
function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The route's literal `prerender` export, or undefined when it has none. */
export function readPrerenderFlag(source: string, file: string): boolean | undefined {
  const code = stripComments(source);
  if (/export\s*\{[^}]*\bprerender\b[^}]*\}/.test(code)) {
    throw new BuildError(file, '`prerender` is exported through `export { ... }`; write `export const prerender = true` (or false) instead.');
  }
  const m = /export\s+(const|let|var)\s+prerender\b\s*(?::\s*boolean\s*)?=\s*([^;\n]*)/.exec(code);
  if (!m) {
    if (/export\s+(?:async\s+)?function\s+prerender\b/.test(code)) {
      throw new BuildError(file, '`prerender` must be a boolean literal: `export const prerender = true` (or false).');
    }
    return undefined;
  }
  const value = m[2]!.trim();
  if (m[1] !== 'const' || (value !== 'true' && value !== 'false')) {
    throw new BuildError(
      file,
      `\`export ${m[1]} prerender = ${value}\` is not a literal; the build reads it without running the module, so write \`export const prerender = true\` or \`= false\`.`,
    );
  }
  return value === 'true';
}

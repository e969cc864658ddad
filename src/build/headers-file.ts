/**
 * `_headers` files (Workers Static Assets and Netlify share the syntax): a rule is a path line,
 * then its headers indented below it. The build appends its rules after the site's own
 * (`public/_headers`), which keep working as written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PageHeaders } from './csp-hashes.ts';
import { CLIENT_DIR } from './client/build-client.ts';
import { ASSETS_DIR } from './styles/asset-options.ts';
import { IMMUTABLE_CACHE } from '../runtime/assets/asset-server.ts';

/** Folders of content-hashed build files under the base: the client build's, and the imported stylesheets and assets. */
const HASHED_DIRS = [CLIENT_DIR, ASSETS_DIR];

/** The URL folders of hashed files the site has (`{base}_edgepress/`, `{base}_assets/`): platforms serve them as immutable. */
export function hashedFolders(clientDir: string, base: string): string[] {
  return HASHED_DIRS.filter((dir) => existsSync(join(clientDir, base, dir))).map((dir) => `${base}${dir}/`);
}

/** The rules that serve the hashed files (`{base}_edgepress/*`, `{base}_assets/*`) as immutable; undefined when the site has none. */
export function clientAssetsRule(clientDir: string, base: string): string | undefined {
  const folders = hashedFolders(clientDir, base);
  if (folders.length === 0) return undefined;
  return `# Written by edgepress: content-hashed build files.\n${folders.map((folder) => `${folder}*\n  Cache-Control: ${IMMUTABLE_CACHE}\n`).join('')}`;
}

/** `text` (a `_headers` file, or nothing) with `rule` appended. */
export function withRule(text: string | undefined, rule: string | undefined): string | undefined {
  if (!rule) return text;
  return (text && text.trim() !== '' ? text.replace(/\s*$/, '\n\n') : '') + rule;
}

/** A path in the form the platform matches: each segment percent-encoded, as the request URL has it. */
export const rulePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

/** The rules a `_headers` text already has: its lines that are neither indented, blank nor comments. */
export function countHeaderRules(text: string | undefined): number {
  return (text ?? '').split(/\r?\n/).filter((line) => line.trim() !== '' && !/^\s/.test(line) && !line.startsWith('#')).length;
}

/** The lines of one rule: the path, then each header indented. */
export function headerRuleLines(path: string, headers: Record<string, string>): string[] {
  return [rulePath(path), ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`)];
}

/** `current` (the site's own file, if any) followed by a rule for each path of each page. */
export function headersFile(current: string | undefined, rules: ReadonlyArray<{ paths: readonly string[]; page: PageHeaders }>): string {
  const own = current && current.trim() !== '' ? current.replace(/\s*$/, '\n\n') : '';
  const blocks = rules.flatMap(({ paths, page }) => paths.map((path) => headerRuleLines(path, page.headers).join('\n')));
  return own + '# Written by edgepress: the Content-Security-Policy of each prerendered page (security.csp).\n' + blocks.join('\n') + '\n';
}

/** The URL paths a prerendered file answers: itself, and `/about` and `/about/` for `about/index.html` or `about.html`. */
export function pageUrlForms(path: string): { file: string; bare: string; slash: string } {
  const stem = path.replace(/\/index\.html$/, '').replace(/\.html$/, '');
  return { file: path, bare: stem || '/', slash: stem + '/' };
}

/**
 * `security.csp` for prerendered pages: a static file cannot carry a fresh nonce, so each page gets
 * the sha256 hashes of its own inline scripts and styles, in a `<meta http-equiv>` at the top of
 * its `<head>` (before any script it governs). Directives a meta policy cannot hold are left out.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Browsers ignore these in a `<meta>` policy (CSP3 §3.3): they only work as a header. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy for `html`: the directives with the hashes of its inline scripts and styles added. */
export function hashPolicy(html: string, directives: Record<string, string[]>): string {
  const scripts = [...new Set([...html.matchAll(SCRIPT)].filter((m) => !/\bsrc\s*=/i.test(m[1]!)).map((m) => hash(m[2]!)))];
  const styles = [...new Set([...html.matchAll(STYLE)].map((m) => hash(m[1]!)))];
  const names = Object.keys(directives).filter((name) => !HEADER_ONLY.has(name));
  const hasScript = 'script-src' in directives || 'script-src-elem' in directives;
  const hasStyle = 'style-src' in directives || 'style-src-elem' in directives;
  const extra = (name: string): string[] => {
    if (name === 'script-src' || name === 'script-src-elem') return scripts;
    if (name === 'style-src' || name === 'style-src-elem') return styles;
    // Without their own directive, scripts and styles obey default-src.
    if (name === 'default-src') return [...(hasScript ? [] : scripts), ...(hasStyle ? [] : styles)];
    return [];
  };
  return names
    .map((name) => {
      const sources = [...directives[name]!, ...extra(name)];
      return sources.length > 0 ? `${name} ${sources.join(' ')}` : name;
    })
    .join('; ');
}

/** Puts the meta policy first in the page's `<head>` (or after `<html>`, or at the very start). */
export function withMetaPolicy(html: string, policy: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
  const at = /<head\b[^>]*>/i.exec(html) ?? /<html\b[^>]*>/i.exec(html) ?? /<!doctype html>/i.exec(html);
  return at ? html.slice(0, at.index + at[0].length) + meta + html.slice(at.index + at[0].length) : meta + html;
}

/** Adds the hash policy to each prerendered HTML file in `clientDir`; warns once about header-only directives. */
export function applyHashPolicies(clientDir: string, files: string[], directives: Record<string, string[]>, warnings: string[]): void {
  const dropped = Object.keys(directives).filter((name) => HEADER_ONLY.has(name));
  if (dropped.length > 0 && files.length > 0) {
    warnings.push(`security.csp: ${dropped.join(', ')} cannot be set by the <meta> policy of prerendered pages; set them as a response header in your platform's config.`);
  }
  for (const file of files) {
    if (!file.endsWith('.html')) continue;
    const full = join(clientDir, file);
    const html = readFileSync(full, 'utf8');
    writeFileSync(full, withMetaPolicy(html, hashPolicy(html, directives)));
  }
}

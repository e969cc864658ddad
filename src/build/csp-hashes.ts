/**
 * `security.csp` for prerendered pages: a static file cannot carry a fresh nonce, so each page gets
 * the sha256 hashes of its own inline scripts and styles. The policy goes out as a response header
 * wherever the page is served (the platform's header rules, and the asset manifest the handler's
 * stores read); a page the platform cannot take a rule for gets a `<meta http-equiv>` at the top of
 * its `<head>` (before any script it governs) instead, without the directives a meta cannot hold.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config.ts';
import { cspHeaderName } from '../runtime/csp/policy.ts';

/** Browsers ignore these in a `<meta>` policy (CSP3 §3.3): they only work as a header. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

/** A prerendered file and the headers the build fixed for it; `path` is its asset path ('/about/index.html', base included). */
export interface PageHeaders {
  path: string;
  headers: Record<string, string>;
}

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy for `html`: the directives with the hashes of its inline scripts and styles added ('meta' drops header-only ones). */
export function hashPolicy(html: string, directives: Record<string, string[]>, target: 'header' | 'meta' = 'meta'): string {
  const scripts = [...new Set([...html.matchAll(SCRIPT)].filter((m) => !/\bsrc\s*=/i.test(m[1]!)).map((m) => hash(m[2]!)))];
  const styles = [...new Set([...html.matchAll(STYLE)].map((m) => hash(m[1]!)))];
  const names = Object.keys(directives).filter((name) => target === 'header' || !HEADER_ONLY.has(name));
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

export interface HashPolicyOptions {
  /** dist/client plus the base path: where `pages` are. */
  siteDir: string;
  /** The base path without its last '/' ('' at the root): asset paths start with it. */
  prefix: string;
  /** The prerendered files, relative to `siteDir` ('/about/index.html'). */
  pages: readonly string[];
  csp: NonNullable<ResolvedConfig['security']['csp']>;
  /** The adapter's limit: which of these pages its platform can send with header rules (all when absent). */
  accept?: (pages: readonly PageHeaders[]) => ReadonlySet<string>;
  warnings: string[];
}

/**
 * Gives each prerendered HTML page its hash policy: as headers (returned, by asset path) for the
 * pages the platform accepts, written into the page as a `<meta>` for the others. Runs before the
 * adapter copies or lists the files, since a meta changes their bytes.
 */
export function applyHashPolicies(options: HashPolicyOptions): Record<string, Record<string, string>> {
  const { siteDir, prefix, csp, warnings } = options;
  const name = cspHeaderName(csp.reportOnly);
  // Shallow pages first (the home page, then sections): they are the ones a limit must not leave out.
  const depth = (file: string): number => file.split('/').length - (file.endsWith('/index.html') ? 1 : 0);
  const candidates = options.pages
    .filter((file) => file.endsWith('.html'))
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((file) => {
      const html = readFileSync(join(siteDir, file), 'utf8');
      return { file, html, page: { path: prefix + file, headers: { [name]: hashPolicy(html, csp.directives, 'header') } } };
    });
  const accepted = options.accept ? options.accept(candidates.map((c) => c.page)) : new Set(candidates.map((c) => c.page.path));
  const headers: Record<string, Record<string, string>> = {};
  const inMeta: string[] = [];
  for (const { file, html, page } of candidates) {
    if (accepted.has(page.path)) headers[page.path] = page.headers;
    else {
      inMeta.push(page.path);
      // A <meta> cannot report only: browsers ignore Content-Security-Policy-Report-Only there.
      if (!csp.reportOnly) writeFileSync(join(siteDir, file), withMetaPolicy(html, hashPolicy(html, csp.directives, 'meta')));
    }
  }
  if (inMeta.length > 0) {
    const dropped = Object.keys(csp.directives).filter((d) => HEADER_ONLY.has(d));
    const shown = inMeta.slice(0, 3).join(', ') + (inMeta.length > 3 ? ', ...' : '');
    const what = csp.reportOnly
      ? 'get no policy (a <meta> cannot report only)'
      : `carry their policy in a <meta>${dropped.length > 0 ? `, without ${dropped.join(', ')} (header only)` : ''}`;
    warnings.push(`security.csp: the platform has no header rule left for ${inMeta.length} prerendered page(s) (${shown}); they ${what}.`);
  }
  return headers;
}

/**
 * Prerendered pages' fixed headers (their CSP) as Workers Static Assets `_headers` rules. The
 * platform applies them to the files it serves itself and to the worker's `env.ASSETS` reads of
 * a page by its file path, which is how the worker answers `/about` from `about/index.html`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrailingSlash } from '../../src/config.ts';
import type { PageHeaders } from '../../src/build/csp-hashes.ts';
import { clientAssetsRule, countHeaderRules, hashedFolders, headerRuleLines, headersFile, pageUrlForms, withRule } from '../../src/build/headers-file.ts';

/** Workers Static Assets' limits: 100 rules, 2,000 characters a line. */
const MAX_RULES = 100;
const MAX_LINE = 2000;

/** The paths a page needs rules for: its file, and the URL the platform's html handling serves it at directly. */
export function assetRulePaths(path: string, trailingSlash: TrailingSlash): string[] {
  const forms = pageUrlForms(path);
  if (trailingSlash === 'always') return [forms.file, forms.slash];
  if (trailingSlash === 'never') return [forms.file, forms.bare];
  return [forms.file];
}

const readHeaders = (clientDir: string): string | undefined => {
  const file = join(clientDir, '_headers');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

/** The pages that fit in the rules the site's own `_headers` leaves, in order; a path the syntax cannot hold never fits. */
export function acceptedPages(pages: readonly PageHeaders[], clientDir: string, trailingSlash: TrailingSlash, base = '/'): Set<string> {
  // A rule is kept for each folder of immutable build files.
  let left = MAX_RULES - countHeaderRules(readHeaders(clientDir)) - hashedFolders(clientDir, base).length;
  const accepted = new Set<string>();
  for (const page of pages) {
    const paths = assetRulePaths(page.path, trailingSlash);
    // `*` and `:name` are patterns in `_headers`.
    if (paths.some((p) => /[*:]/.test(p))) continue;
    if (paths.some((p) => headerRuleLines(p, page.headers).some((line) => line.length > MAX_LINE))) continue;
    if (paths.length > left) continue;
    left -= paths.length;
    accepted.add(page.path);
  }
  return accepted;
}

/** dist/client/_headers: the site's own rules, then the pages', then the client files'. Undefined when there is nothing to add. */
export function pageHeadersFile(pages: readonly PageHeaders[], clientDir: string, trailingSlash: TrailingSlash, base = '/'): string | undefined {
  const own = readHeaders(clientDir);
  const withPages = pages.length === 0 ? own : headersFile(own, pages.map((page) => ({ page, paths: assetRulePaths(page.path, trailingSlash) })));
  const rule = clientAssetsRule(clientDir, base);
  return pages.length === 0 && !rule ? undefined : withRule(withPages, rule);
}

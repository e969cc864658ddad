/** The build summary printed on stdout. */
import type { ScannedRoute } from './scan-routes.ts';
import type { BundleInfo } from './bundle.ts';

export interface SummaryInput {
  root: string;
  adapter: string;
  routes: ScannedRoute[];
  pages: string[];
  bundle: BundleInfo;
  durationMs: number;
  warnings: string[];
  notes: string[];
}

export function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The summary as text: routes and modes, pages written, time, bundle sizes, largest modules, warnings. */
export function formatSummary(s: SummaryInput): string {
  const lines: string[] = [];
  lines.push(`edgepress build (${s.adapter}) of ${s.root}`);
  lines.push('');
  lines.push('  mode        kind      route');
  for (const r of s.routes) {
    lines.push(`  ${(r.prerender ? 'static' : 'on demand').padEnd(11)} ${r.kind.padEnd(9)} ${r.pattern}   (${r.file})`);
  }
  lines.push('');
  lines.push(`  pages written: ${s.pages.length}`);
  lines.push(`  server bundle: ${kb(s.bundle.bytes)} raw, ${kb(s.bundle.gzipBytes)} gzip  (${s.bundle.file})`);
  const top = s.bundle.largest.slice(0, 5).map((m) => `${m.path} ${kb(m.bytes)}`);
  if (top.length) lines.push(`  largest modules: ${top.join(', ')}`);
  for (const note of s.notes) lines.push(`  ${note}`);
  lines.push(`  built in ${Math.round(s.durationMs)} ms`);
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n');
}

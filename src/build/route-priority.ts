/**
 * Route priority, Astro's rules: segment by segment, static beats dynamic and a named param
 * beats a rest param (so a longer static prefix wins); then more segments beat fewer; then
 * prerendered beats on demand; endpoints beat pages; otherwise alphabetical.
 */
import type { Segment } from './route-segments.ts';

export interface RankedRoute {
  segments: Segment[];
  pattern: string;
  prerender: boolean;
  kind: 'page' | 'endpoint' | 'redirect';
}

const isStatic = (s: Segment): boolean => s.every((p) => p.kind === 'static');
const hasRest = (s: Segment): boolean => s.some((p) => p.kind === 'rest');
const allDynamic = (s: Segment): boolean => s.every((p) => p.kind !== 'static');
const staticText = (s: Segment): string => s.map((p) => (p.kind === 'static' ? p.text : '')).join('');

/** Negative when `a` answers before `b`. */
export function compareRoutes(a: RankedRoute, b: RankedRoute): number {
  const common = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < common; i++) {
    const sa = a.segments[i]!;
    const sb = b.segments[i]!;
    const aStatic = isStatic(sa);
    const bStatic = isStatic(sb);
    if (aStatic !== bStatic) return aStatic ? -1 : 1;
    if (aStatic) {
      const ta = staticText(sa);
      const tb = staticText(sb);
      if (ta !== tb) return ta < tb ? -1 : 1;
      continue;
    }
    const aRest = hasRest(sa);
    const bRest = hasRest(sb);
    if (aRest !== bRest) return aRest ? 1 : -1;
    // Mixed segments (text around params) are more specific than a bare param.
    const aAll = allDynamic(sa);
    const bAll = allDynamic(sb);
    if (aAll !== bAll) return aAll ? 1 : -1;
  }
  if (a.segments.length !== b.segments.length) {
    // '/docs' beats '/docs/[...path]' though the latter has more segments: it is the more specific.
    const longer = a.segments.length > b.segments.length ? a : b;
    const lastOfLonger = longer.segments[longer.segments.length - 1]!;
    if (Math.abs(a.segments.length - b.segments.length) === 1 && lastOfLonger.length === 1 && lastOfLonger[0]!.kind === 'rest') {
      return longer === a ? 1 : -1;
    }
    return a.segments.length > b.segments.length ? -1 : 1;
  }
  if (a.prerender !== b.prerender) return a.prerender ? -1 : 1;
  if (a.kind !== b.kind) return a.kind === 'endpoint' ? -1 : 1;
  return a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0;
}

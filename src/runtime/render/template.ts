/**
 * Compiled JSX: what the build's precompile transform (src/build/jsx/) emits for intrinsic
 * elements. A template is its static markup, already escaped, cut where a dynamic value goes:
 * `strings[0] hole[0] strings[1] ... strings[n]`. A hole is a child (rendered like any JSX
 * child: text escaped, elements, arrays, promises) or one attribute (rendered by the same
 * `renderAttribute` as the walker). This module is the static part, as the walker reads it; the
 * node a compiled expression makes is template-node.ts.
 */
import { renderAttribute, renderNamedAttribute } from './attributes.ts';
import type { NameSpace } from './name-space.ts';

/**
 * How a hole knows whether it sits inside `<svg>` (or `<head>`): from where the template renders,
 * or fixed by an enclosing tag in it. SVG_NO is written below `<head>` only, so a fixed mode is
 * also the hole's name space (SVG_YES = NS_SVG, SVG_NO = NS_HEAD).
 */
export const SVG_INHERIT = 0;
export const SVG_YES = 1;
export const SVG_NO = 2;
export type SvgMode = typeof SVG_INHERIT | typeof SVG_YES | typeof SVG_NO;

/**
 * A hole as the build writes it: a child's SVG mode, or `[tag, key, svg mode, name]` for an
 * attribute, with the attribute name when the build could resolve it (0: no valid name, so
 * nothing renders; absent: it depends on where the template renders).
 */
export type HoleSpec = SvgMode | readonly [tag: string, key: string, svg: SvgMode, name?: string | 0];

/** One template's static part, made once per call site when its module loads. */
export interface TemplateMeta {
  readonly strings: readonly string[];
  /** Per hole: the attribute's prop name, or undefined for a child. */
  readonly keys: ReadonlyArray<string | undefined>;
  /** Per hole: the element an attribute belongs to (for error messages). */
  readonly tags: ReadonlyArray<string | undefined>;
  /** Per attribute hole: its name resolved at build time, null when it renders nothing, undefined when resolved per render. */
  readonly names: ReadonlyArray<string | null | undefined>;
  readonly svg: readonly SvgMode[];
}

/** A compiled JSX tree: static strings and this render's hole values. */
export interface TemplateNode {
  readonly meta: TemplateMeta;
  readonly holes: readonly unknown[];
}

/** Builds a template's static part (emitted once per template, at module level). */
export function templateMeta(strings: readonly string[], holes: readonly HoleSpec[] = []): TemplateMeta {
  return {
    strings,
    keys: holes.map((h) => (typeof h === 'number' ? undefined : h[1])),
    tags: holes.map((h) => (typeof h === 'number' ? undefined : h[0])),
    names: holes.map((h) => (typeof h === 'number' || h[3] === undefined ? undefined : h[3] === 0 ? null : h[3])),
    svg: holes.map((h) => (typeof h === 'number' ? h : h[2])),
  };
}

/** The name space a hole renders in, given the one where its template renders. */
export function holeNs(mode: SvgMode, outer: NameSpace): NameSpace {
  return mode === SVG_INHERIT ? outer : (mode as NameSpace);
}

/** True for a node made by `template()`. */
export function isTemplate(node: object): node is TemplateNode {
  return (node as Partial<TemplateNode>).meta !== undefined;
}

/** One attribute hole's HTML, as the walker and hono's toString() both write it. */
export function renderHoleAttribute(meta: TemplateMeta, i: number, value: unknown, svg: boolean): string {
  const name = meta.names[i];
  if (name === undefined) return renderAttribute(meta.tags[i]!, meta.keys[i]!, value, svg);
  return name === null ? '' : renderNamedAttribute(meta.tags[i]!, meta.keys[i]!, name, value);
}

/**
 * The node a compiled JSX expression evaluates to (see template.ts): its template's static part
 * and this render's hole values. It reads as a JSX node with the tag '' (as a fragment), so
 * `isValidElement()` takes it for one, and `String(node)` renders it (to-string.ts).
 */
import { nodeToString } from './to-string.ts';
import type { TemplateMeta, TemplateNode } from './template.ts';

export { templateMeta } from './template.ts';

const NO_HOLES: readonly unknown[] = [];

class CompiledTemplate implements TemplateNode {
  declare readonly tag: '';
  declare readonly key: undefined;
  declare readonly isEscaped: true;

  // Only the two fields: a page makes one per compiled element.
  constructor(
    readonly meta: TemplateMeta,
    readonly holes: readonly unknown[],
  ) {}

  /** What a fragment's fields would hold (never written per instance). */
  get props(): Record<string, unknown> {
    return {};
  }

  get children(): unknown[] {
    return [];
  }

  toString(): string | Promise<string> {
    return nodeToString(this);
  }
}
Object.defineProperties(CompiledTemplate.prototype, { tag: { value: '' }, key: { value: undefined }, isEscaped: { value: true } });

/** A template with this render's hole values (what a compiled JSX expression evaluates to). */
export function template(meta: TemplateMeta, holes: readonly unknown[] = NO_HOLES): TemplateNode {
  return new CompiledTemplate(meta, holes);
}

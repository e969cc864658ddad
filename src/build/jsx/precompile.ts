/**
 * The precompile transform: a site module's intrinsic JSX elements become templates, their
 * static markup one string per gap (escaped and serialised at build time by the renderer's own
 * functions) and their dynamic values holes. Components stay jsx() calls (esbuild compiles
 * what is left); so does any element the analysis cannot be sure of (element-rules.ts).
 * Edits are made with magic-string, so the source map still points into the original file.
 */
import MagicString, { type SourceMap } from 'magic-string';
import { parseSync, type Expression, type JSXAttribute, type JSXChild, type JSXElement, type JSXFragment, type Node } from 'oxc-parser';
import { attributeDependsOnSvg, attributeName, renderAttribute, VOID_ELEMENTS } from '../../runtime/render/attributes.ts';
import { escapeHtml } from '../../runtime/render/escape.ts';
import { SVG_INHERIT, SVG_NO, SVG_YES, type HoleSpec, type SvgMode } from '../../runtime/render/template.ts';
import { attributeKey, intrinsicName, whyNotCompiled } from './element-rules.ts';
import { decodeJsxStrings, type RawJsxString } from './jsx-text.ts';
import { staticValue, NOT_STATIC } from './static-value.ts';

/** What one module's transform did. */
export interface PrecompileStats {
  /** Intrinsic elements written as template markup. */
  compiled: number;
  /** Intrinsic elements kept as runtime calls, by reason. */
  fallback: Record<string, number>;
  templates: number;
}

export interface PrecompileResult {
  /** The compiled module, or undefined when no template came out (esbuild loads the file as it is). */
  output: { code: string; map: SourceMap } | undefined;
  stats: PrecompileStats;
}

const T = '__edgepress_t';
const M = '__edgepress_m';

/** A hole's value: a range of the source kept as it is (its own JSX compiled in place), or code the build wrote. */
type HoleSource = { start: number; end: number } | { code: string };

interface Plan {
  strings: string[];
  specs: HoleSpec[];
  sources: HoleSource[];
}

/**
 * Compiles the JSX of one module. Returns undefined when the module has no JSX or is not ours
 * to change (a parse error, which esbuild then reports; a file with its own `@jsx...` pragma).
 * `mapContent` false leaves the source text out of the map (dev: its bundle's map has none, and
 * esbuild reads each input map again on every rebuild).
 */
export async function precompileJsx(source: string, file: string, runtimeModule: string, mapContent = true): Promise<PrecompileResult | undefined> {
  if (!source.includes('<')) return undefined;
  const parsed = parseSync(file, source, { lang: file.endsWith('.jsx') ? 'jsx' : 'tsx', sourceType: 'module' });
  if (parsed.errors.length > 0) return undefined;
  if (parsed.comments.some((c) => /@jsx(?:ImportSource|Runtime|Frag)?\b/.test(c.value))) return undefined;
  const compiler = new ModuleCompiler(source, await decodeStrings(source, parsed.program));
  compiler.walk(parsed.program);
  if (compiler.stats.templates === 0) return { output: undefined, stats: compiler.stats };
  // Appended, so every line above keeps its number and column: esbuild reports errors (an
  // unresolved import) at positions in the code it is given, not through the source map.
  // Imports are hoisted and `var`s are declared before any code runs, so the end is early enough.
  const ids = Array.from({ length: compiler.stats.templates }, (_, id) => `__edgepress_T${id}`);
  compiler.ms.append(`\nimport { template as ${T}, templateMeta as ${M} } from ${JSON.stringify(runtimeModule)};\nvar ${ids.join(', ')};\n`);
  return {
    output: { code: compiler.ms.toString(), map: compiler.ms.generateMap({ source: file, includeContent: mapContent, hires: 'boundary' }) },
    stats: compiler.stats,
  };
}

/** Every JSX text and attribute string of the module, decoded in one batch, by start offset. */
async function decodeStrings(source: string, program: unknown): Promise<Map<number, string>> {
  const items: RawJsxString[] = [];
  const starts: number[] = [];
  const find = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(find);
    const n = node as Node;
    if (n.type === 'JSXText') {
      items.push({ kind: 'text', raw: source.slice(n.start, n.end) });
      starts.push(n.start);
    } else if (n.type === 'JSXAttribute' && n.value?.type === 'Literal') {
      items.push({ kind: 'attribute', raw: source.slice(n.value.start + 1, n.value.end - 1) });
      starts.push(n.value.start);
    }
    for (const key in n) if (key !== 'parent') find((n as unknown as Record<string, unknown>)[key]);
  };
  find(program);
  const values = await decodeJsxStrings(items);
  return new Map(values.map((value, i) => [starts[i]!, value]));
}

class ModuleCompiler {
  readonly ms: MagicString;
  readonly stats: PrecompileStats = { compiled: 0, fallback: {}, templates: 0 };
  constructor(
    source: string,
    /** Decoded JSX text and attribute strings, by start offset. */
    private readonly strings: Map<number, string>,
  ) {
    this.ms = new MagicString(source);
  }

  /** Finds JSX anywhere below `node` and compiles it. */
  walk(node: unknown): void {
    this.visit(node);
  }

  private visit(node: unknown): void {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) this.visit(item);
      return;
    }
    const type = (node as { type?: unknown }).type;
    if (type === 'JSXElement' || type === 'JSXFragment') return this.root(node as JSXElement | JSXFragment, false);
    for (const key in node) if (key !== 'parent') this.visit((node as Record<string, unknown>)[key]);
  }

  private countsAsChild = (child: JSXChild): boolean => {
    if (child.type === 'JSXText') return this.strings.get(child.start) !== '';
    if (child.type === 'JSXExpressionContainer') return child.expression.type !== 'JSXEmptyExpression';
    return true;
  };

  /** JSX met outside a template: a template if it compiles, else a runtime call whose parts are searched. */
  private root(node: JSXElement | JSXFragment, braces: boolean): void {
    if (node.type === 'JSXFragment') {
      if (node.children.some((c) => c.type === 'JSXSpreadChild')) return this.keep(node);
      return this.emit(node, this.plan((b) => this.children(node.children, SVG_INHERIT, b)), braces);
    }
    const tag = intrinsicName(node);
    const reason = whyNotCompiled(node, this.countsAsChild);
    if (reason === undefined && tag !== undefined) {
      return this.emit(node, this.plan((b) => this.element(node, tag, SVG_INHERIT, b)), braces);
    }
    if (tag !== undefined || reason === 'namespaced tag') this.fellBack(reason ?? 'unknown');
    this.keep(node);
  }

  private fellBack(reason: string): void {
    this.stats.fallback[reason] = (this.stats.fallback[reason] ?? 0) + 1;
  }

  /** An element or fragment left to esbuild: its attribute values and children may still hold templates. */
  private keep(node: JSXElement | JSXFragment): void {
    if (node.type === 'JSXElement') {
      for (const attribute of node.openingElement.attributes) {
        if (attribute.type === 'JSXSpreadAttribute') this.visit(attribute.argument);
        else if (attribute.value?.type === 'JSXElement' || attribute.value?.type === 'JSXFragment') this.root(attribute.value, true);
        else if (attribute.value?.type === 'JSXExpressionContainer') this.visit(attribute.value.expression);
      }
    }
    for (const child of node.children) {
      if (child.type === 'JSXElement' || child.type === 'JSXFragment') this.root(child, true);
      else if (child.type === 'JSXExpressionContainer' || child.type === 'JSXSpreadChild') this.visit(child.expression);
    }
  }

  private plan(fill: (b: Plan) => void): Plan {
    const b: Plan = { strings: [''], specs: [], sources: [] };
    fill(b);
    return b;
  }

  private text(b: Plan, s: string): void {
    b.strings[b.strings.length - 1] += s;
  }

  private hole(b: Plan, spec: HoleSpec, source: HoleSource): void {
    b.specs.push(spec);
    b.sources.push(source);
    b.strings.push('');
  }

  /** An expression hole: its own JSX is compiled first, so its edits sit inside the range kept. */
  private expressionHole(b: Plan, spec: HoleSpec, expression: Expression | JSXElement | JSXFragment): void {
    if (expression.type === 'JSXElement' || expression.type === 'JSXFragment') this.root(expression, false);
    else this.visit(expression);
    this.hole(b, spec, { start: expression.start, end: expression.end });
  }

  /** Writes one compilable intrinsic element (and what of its subtree compiles) into the plan. */
  private element(node: JSXElement, tag: string, svg: SvgMode, b: Plan): void {
    this.stats.compiled++;
    // Its own attributes are SVG when it is <svg>; its children are SVG below <svg> and not below <head>.
    const own: SvgMode = tag === 'svg' ? SVG_YES : svg;
    const inner: SvgMode = tag === 'svg' ? SVG_YES : tag === 'head' ? SVG_NO : svg;
    this.text(b, `<${tag}`);
    for (const attribute of node.openingElement.attributes as JSXAttribute[]) this.attribute(attribute, tag, own, b);
    const children = node.children.filter(this.countsAsChild);
    if (children.length === 0) {
      this.text(b, VOID_ELEMENTS.has(tag) ? '/>' : `></${tag}>`);
      return;
    }
    this.text(b, '>');
    this.children(children, inner, b);
    this.text(b, `</${tag}>`);
  }

  private attribute(attribute: JSXAttribute, tag: string, svg: SvgMode, b: Plan): void {
    const key = attributeKey(attribute)!;
    // jsx() takes `key` apart and the renderer skips `ref`: neither is ever an attribute.
    if (key === 'key' || key === 'ref') return;
    const value = attribute.value;
    let v: unknown;
    if (value === null) v = true;
    else if (value.type === 'Literal') v = this.strings.get(value.start);
    else if (value.type === 'JSXExpressionContainer') v = staticValue(value.expression as Expression, key);
    else v = NOT_STATIC;
    if (v === NOT_STATIC) {
      const expression = value!.type === 'JSXExpressionContainer' ? (value!.expression as Expression) : (value as JSXElement | JSXFragment);
      // The attribute's name, when where the template renders cannot change it.
      const spec: HoleSpec = svg === SVG_INHERIT && attributeDependsOnSvg(key) ? [tag, key, svg] : [tag, key, svg, attributeName(key, svg === SVG_YES) ?? 0];
      return this.expressionHole(b, spec, expression);
    }
    const html = renderAttribute(tag, key, v, svg === SVG_YES);
    if (svg === SVG_INHERIT && attributeDependsOnSvg(key) && renderAttribute(tag, key, v, true) !== html) {
      // Written one way inside <svg> and another outside: the renderer decides where it lands.
      return this.hole(b, [tag, key, svg], { code: JSON.stringify(v) });
    }
    this.text(b, html);
  }

  private children(children: JSXChild[], svg: SvgMode, b: Plan): void {
    for (const child of children) {
      switch (child.type) {
        case 'JSXText': {
          const value = this.strings.get(child.start)!;
          if (value) this.text(b, escapeHtml(value));
          break;
        }
        case 'JSXExpressionContainer': {
          if (child.expression.type === 'JSXEmptyExpression') break;
          const v = staticValue(child.expression, undefined);
          if (v === NOT_STATIC) this.expressionHole(b, svg, child.expression);
          else if (typeof v === 'string') this.text(b, escapeHtml(v));
          else if (typeof v === 'number') this.text(b, String(v));
          // null and booleans render nothing
          break;
        }
        case 'JSXFragment':
          if (child.children.some((c) => c.type === 'JSXSpreadChild')) this.expressionHole(b, svg, child);
          else this.children(child.children, svg, b);
          break;
        case 'JSXElement': {
          const tag = intrinsicName(child);
          const reason = whyNotCompiled(child, this.countsAsChild);
          if (reason === undefined && tag !== undefined) this.element(child, tag, svg, b);
          else this.expressionHole(b, svg, child);
          break;
        }
        case 'JSXSpreadChild':
          // Unreachable: a parent with a spread child is never compiled.
          throw new Error('edgepress: a JSX spread child in a template');
      }
    }
  }

  /**
   * Replaces `node` with `__edgepress_t(T || (T = __edgepress_m(strings, specs)), [holes])`,
   * keeping each source hole's range (and map) in place. The static part is made on first use
   * and kept in a module-level `var`.
   */
  private emit(node: JSXElement | JSXFragment, plan: Plan, braces: boolean): void {
    const ref = `__edgepress_T${this.stats.templates++}`;
    const specs = plan.specs.length > 0 ? `, ${JSON.stringify(plan.specs)}` : '';
    const meta = `${ref} || (${ref} = ${M}(${JSON.stringify(plan.strings)}${specs}))`;
    let text = `${braces ? '{' : ''}${T}(${meta}${plan.sources.length > 0 ? ', [' : ''}`;
    let at = node.start;
    plan.sources.forEach((source, i) => {
      const comma = i > 0 ? ', ' : '';
      if ('code' in source) {
        text += comma + source.code;
        return;
      }
      // Parenthesised: `{a, b}` is one sequence expression, not two holes.
      this.replace(at, source.start, text + comma + '(');
      at = source.end;
      text = ')';
    });
    this.replace(at, node.end, text + (plan.sources.length > 0 ? '])' : ')') + (braces ? '}' : ''));
  }

  private replace(start: number, end: number, text: string): void {
    if (start < end) this.ms.overwrite(start, end, text);
    else if (text) this.ms.appendLeft(start, text);
  }
}

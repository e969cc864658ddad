/**
 * Names kept through a minifier without esbuild's `keepNames`, which would name every function of
 * the framework and its packages (1.8 KB gzip of the bench site's worker). Only some names are ever
 * read: a site's components (ResponseSentError's `<Late>`, a capitalised name as JSX requires) and
 * classes, and the framework's error classes (workerd prints an error as `ClassName [name]: ...`).
 * A site module gets a footer of `Object.defineProperty(X, "name", ...)` lines (appended, so
 * source positions and maps stay); a framework error class gets `static name = "X";` as the first
 * member, which leaves it free to drop when unused.
 */
import { parseSync } from 'oxc-parser';
import { METHODS } from '../../runtime/endpoint.ts';

type Node = { type: string; start: number; [key: string]: unknown };

/** An endpoint's handler names (src/runtime/endpoint.ts). */
const HTTP_METHODS = new Set<string>([...METHODS, 'HEAD', 'ALL']);

/** `code` (the text of `file`) with its names kept, or undefined when it has none to keep. */
export function withNames(code: string, file: string, owner: 'site' | 'framework'): string | undefined {
  const lang = /\.[cm]?tsx$/.test(file) ? 'tsx' : /\.[cm]?jsx$/.test(file) ? 'jsx' : /\.[cm]?ts$/.test(file) ? 'ts' : 'js';
  const { program, errors } = parseSync(file, code, { lang, sourceType: 'module' });
  if (errors.length > 0) return undefined;
  const declarations = (program.body as unknown as Node[]).flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? (statement.declaration as Node | null) : statement;
    return declaration ? [declaration] : [];
  });
  if (owner === 'framework') {
    // Inserted from the end, so earlier offsets stay right.
    const classes = declarations.filter(isErrorClass).reverse();
    if (classes.length === 0) return undefined;
    let named = code;
    for (const node of classes) {
      const at = (node.body as Node).start + 1;
      const name = (node.id as { name: string }).name;
      named = `${named.slice(0, at)}static name = ${JSON.stringify(name)};${named.slice(at)}`;
    }
    return named;
  }
  // An endpoint's method handlers (`GET`, `POST`...) are capitalised but never rendered: no name to keep.
  const names = declarations.flatMap(declaredNames).filter((name) => /^[A-Z]/.test(name) && !HTTP_METHODS.has(name));
  if (names.length === 0) return undefined;
  return `${code}\n${names.map((name) => `Object.defineProperty(${name}, "name", { value: ${JSON.stringify(name)}, configurable: true });\n`).join('')}`;
}

function isErrorClass(node: Node): boolean {
  return node.type === 'ClassDeclaration' && !node.declare && node.id !== null && /Error$/.test((node.superClass as { name?: string } | null)?.name ?? '');
}

/** The functions and classes `node` declares with a name of their own (a `const X = () => ...` counts). */
function declaredNames(node: Node): string[] {
  const id = (node.id as { name?: string } | null | undefined)?.name;
  switch (node.type) {
    case 'FunctionDeclaration':
      // A TypeScript overload or `declare function` has no body and no value.
      return id && node.body && !node.declare ? [id] : [];
    case 'ClassDeclaration':
      return id && !node.declare ? [id] : [];
    case 'VariableDeclaration':
      if (node.declare) return [];
      return (node.declarations as Node[]).flatMap((declarator) => {
        const name = (declarator.id as Node).type === 'Identifier' ? (declarator.id as unknown as { name: string }).name : undefined;
        const init = declarator.init as Node | null;
        const fn = init && ['ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression'].includes(init.type);
        return name && fn ? [name] : [];
      });
    default:
      return [];
  }
}

/**
 * Small helpers over acorn's ESTree nodes: parsing the bundle, visiting
 * children generically, and reading property names.
 */
import { parse } from 'acorn';
import type {
  AnonymousFunctionDeclaration, AnyNode, ArrowFunctionExpression, FunctionDeclaration, FunctionExpression, Identifier, Program,
} from 'acorn';

export type { AnyNode, Identifier, Program };

/** Any function node: declarations, expressions (incl. method values) and arrows. */
export type FunctionNode = FunctionDeclaration | AnonymousFunctionDeclaration | FunctionExpression | ArrowFunctionExpression;

/** Parses esbuild's ESM output (always valid, modern JS). */
export function parseModule(code: string): Program {
  return parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true });
}

/** True for function declarations, function expressions and arrows. */
export function isFunctionNode(node: AnyNode | null | undefined): node is FunctionNode {
  const t = node?.type;
  return t === 'FunctionDeclaration' || t === 'FunctionExpression' || t === 'ArrowFunctionExpression';
}

/** Calls `visit` for every direct child node of `node`, in source order. */
export function forEachChild(node: AnyNode, visit: (child: AnyNode) => void): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key in record) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item);
    } else if (isNode(value)) {
      visit(value);
    }
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Static name of a property key (`a`, `"a"`, `[ "a" ]`, `1`, `#a`), or undefined when computed. */
export function propertyName(key: AnyNode, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** Removes wrappers that do not change which value is called: `(0, f)`, `a?.b` chains. */
export function unwrapCallee(node: AnyNode): AnyNode {
  let n = node;
  for (;;) {
    if (n.type === 'SequenceExpression') n = n.expressions[n.expressions.length - 1];
    else if (n.type === 'ChainExpression' || n.type === 'ParenthesizedExpression') n = n.expression;
    else return n;
  }
}

/** True when an optional link (`?.`) sits anywhere in the chain ending at `node`. */
export function hasOptionalLink(node: AnyNode): boolean {
  for (let n: AnyNode = node; ;) {
    if (n.type === 'CallExpression') { if (n.optional) return true; n = n.callee; }
    else if (n.type === 'MemberExpression') { if (n.optional) return true; n = n.object; }
    else return false;
  }
}

/** 1-based line / 0-based column of character offsets in one text. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  /** Position of `offset`: line is 1-based, column 0-based (UTF-16 units). */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.#starts[lo] };
  }
}

/**
 * The declaring half of the scope analysis: bindings, and the hoisting of
 * `var`, `let`/`const`/`class`, function and import declarations into the
 * scope they belong to, with the values each binding may hold.
 */
import { propertyName } from './ast.ts';
import type { AnyNode, FunctionNode, Identifier } from './ast.ts';

/** How a name was declared. */
export type BindingKind = 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'import' | 'catch';

/** A value a binding may hold: `node` itself, or `node[property]` when destructured. */
export interface BindingValue {
  readonly node: AnyNode;
  readonly property?: string;
}

/** One declared name. `values` lists what it may hold; `unknown` says it may hold values not listed. */
export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly values: BindingValue[];
  unknown: boolean;
  /** for imports: the external module and the imported name (`default`, `*` or a name) */
  readonly importOf?: { source: string; imported: string };
  /** for simple parameters: the function and the parameter's index */
  readonly paramOf?: { fn: FunctionNode; index: number };
}

/** One lexical scope. */
export interface Scope {
  readonly parent: Scope | undefined;
  readonly names: Map<string, Binding>;
}

/** Binding fields that only imports and parameters have. */
export type Extra = Pick<Binding, 'importOf' | 'paramOf'>;

/** Creates bindings; the walking half (scope.ts) extends it. */
export class Declarer {
  readonly declarations = new Map<Identifier, Binding>();

  /** Declares `id` in `scope` (a redeclaration joins the existing binding). */
  declare(scope: Scope, id: Identifier, kind: BindingKind, extra?: Extra): Binding {
    let b = scope.names.get(id.name);
    if (!b) {
      b = { name: id.name, kind, values: [], unknown: false, ...extra };
      scope.names.set(id.name, b);
    }
    this.declarations.set(id, b);
    return b;
  }

  /** Declares every identifier in `pattern`; `value` is what the whole pattern receives. */
  declarePattern(pattern: AnyNode, scope: Scope, kind: BindingKind, value: BindingValue | undefined, unknownWithoutValue: boolean): void {
    switch (pattern.type) {
      case 'Identifier': {
        const b = this.declare(scope, pattern, kind);
        if (value) b.values.push(value);
        else if (unknownWithoutValue) b.unknown = true;
        return;
      }
      case 'AssignmentPattern':
        this.declarePattern(pattern.left, scope, kind, value, true);
        if (pattern.left.type === 'Identifier') scope.names.get(pattern.left.name)?.values.push({ node: pattern.right });
        return;
      case 'ObjectPattern':
        for (const p of pattern.properties) {
          if (p.type === 'RestElement') { this.declarePattern(p.argument, scope, kind, undefined, true); continue; }
          this.declarePattern(p.value, scope, kind, memberValue(value, p.key, p.computed), true);
        }
        return;
      case 'ArrayPattern':
        for (const el of pattern.elements) if (el) this.declarePattern(el, scope, kind, undefined, true);
        return;
      case 'RestElement':
        this.declarePattern(pattern.argument, scope, kind, undefined, true);
        return;
      default:
        return;
    }
  }

  /** Declares `var`s anywhere in `statements` (not inside nested functions) in `scope`. */
  collectVars(statements: readonly AnyNode[], scope: Scope): void {
    for (const st of statements) this.collectVarsIn(st, scope);
  }

  collectVarsIn(st: AnyNode | null | undefined, scope: Scope): void {
    if (!st) return;
    switch (st.type) {
      case 'ExportNamedDeclaration': return this.collectVarsIn(st.declaration, scope);
      case 'VariableDeclaration':
        if (st.kind === 'var') for (const d of st.declarations) this.declarePattern(d.id, scope, 'var', d.init ? { node: d.init } : undefined, false);
        return;
      case 'IfStatement': this.collectVarsIn(st.consequent, scope); return this.collectVarsIn(st.alternate, scope);
      case 'ForStatement': this.collectVarsIn(st.init, scope); return this.collectVarsIn(st.body, scope);
      case 'ForInStatement':
      case 'ForOfStatement':
        if (st.left.type === 'VariableDeclaration' && st.left.kind === 'var') {
          for (const d of st.left.declarations) this.declarePattern(d.id, scope, 'var', undefined, true);
        }
        return this.collectVarsIn(st.body, scope);
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        return this.collectVarsIn(st.body, scope);
      case 'BlockStatement': return this.collectVars(st.body, scope);
      case 'TryStatement':
        this.collectVars(st.block.body, scope);
        if (st.handler) this.collectVars(st.handler.body.body, scope);
        if (st.finalizer) this.collectVars(st.finalizer.body, scope);
        return;
      case 'SwitchStatement':
        for (const c of st.cases) this.collectVars(c.consequent, scope);
        return;
      default:
        return;
    }
  }

  /** Declares the let/const/class/function/import declarations directly in `statements`. */
  hoistLexical(statements: readonly AnyNode[], scope: Scope): void {
    for (const raw of statements) {
      let st: AnyNode | null | undefined = raw;
      if (st.type === 'ExportNamedDeclaration') st = st.declaration;
      else if (st.type === 'ExportDefaultDeclaration') st = st.declaration;
      if (!st) continue;
      if (st.type === 'VariableDeclaration' && st.kind !== 'var') {
        for (const d of st.declarations) this.declarePattern(d.id, scope, st.kind === 'const' ? 'const' : 'let', d.init ? { node: d.init } : undefined, false);
      } else if ((st.type === 'FunctionDeclaration' || st.type === 'ClassDeclaration') && st.id) {
        this.declare(scope, st.id, st.type === 'FunctionDeclaration' ? 'function' : 'class').values.push({ node: st });
      } else if (st.type === 'ImportDeclaration') {
        const source = String(st.source.value);
        for (const s of st.specifiers) {
          const imported = s.type === 'ImportDefaultSpecifier' ? 'default'
            : s.type === 'ImportNamespaceSpecifier' ? '*'
              : s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          this.declare(scope, s.local, 'import', { importOf: { source, imported } });
        }
      }
    }
  }
}

/** A new scope inside `parent`. */
export function child(parent: Scope): Scope {
  return { parent, names: new Map() };
}

/** The value of `value[key]`, when both are known; nested destructuring is not followed. */
export function memberValue(value: BindingValue | undefined, key: AnyNode, computed: boolean): BindingValue | undefined {
  if (!value || value.property !== undefined) return undefined;
  const name = propertyName(key, computed);
  return name === undefined ? undefined : { node: value.node, property: name };
}

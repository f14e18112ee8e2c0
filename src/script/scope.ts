/**
 * Scope analysis of the bundled module: which declaration every identifier
 * reference resolves to, and which values each binding may hold
 * (initialisers, assignments, destructured members). The async inference
 * resolves callees through it.
 */
import { forEachChild } from './ast.ts';
import type {
  AnonymousClassDeclaration, BlockStatement, CatchClause, ClassDeclaration, ClassExpression, ForInStatement, ForOfStatement, ForStatement, StaticBlock, SwitchStatement,
} from 'acorn';
import type { AnyNode, FunctionNode, Identifier, Program } from './ast.ts';
import { Declarer, child, memberValue, type Binding, type BindingValue, type Scope } from './scope-declare.ts';

export type { Binding, BindingKind, BindingValue } from './scope-declare.ts';

/** The result of analysing one module. */
export interface ScopeAnalysis {
  /** the binding every resolved identifier reference points to */
  readonly references: ReadonlyMap<Identifier, Binding>;
  /** the binding every declaring identifier creates */
  readonly declarations: ReadonlyMap<Identifier, Binding>;
  /** references to names declared nowhere in the module (globals) */
  readonly globals: readonly Identifier[];
  /** names declared at the module's top level */
  readonly topLevelNames: ReadonlySet<string>;
}

const LOGICAL_ASSIGN = new Set(['||=', '&&=', '??=']);

/** Analyses `program` (an ES module). */
export function analyzeScopes(program: Program): ScopeAnalysis {
  const a = new Analyzer();
  const top: Scope = { parent: undefined, names: new Map() };
  a.collectVars(program.body, top);
  a.hoistLexical(program.body, top);
  a.walkList(program.body, top);
  return { references: a.references, declarations: a.declarations, globals: a.globals, topLevelNames: new Set(top.names.keys()) };
}

class Analyzer extends Declarer {
  readonly references = new Map<Identifier, Binding>();
  readonly globals: Identifier[] = [];

  reference(id: Identifier, scope: Scope): Binding | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const b = s.names.get(id.name);
      if (b) { this.references.set(id, b); return b; }
    }
    this.globals.push(id);
    return undefined;
  }

  walkList(nodes: readonly AnyNode[], scope: Scope): void {
    for (const n of nodes) this.walk(n, scope);
  }

  walk(node: AnyNode, scope: Scope): void {
    switch (node.type) {
      case 'Identifier': this.reference(node, scope); return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.walkFunction(node, scope);
      case 'ClassDeclaration':
      case 'ClassExpression':
      case 'BlockStatement':
      case 'StaticBlock':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'CatchClause':
      case 'SwitchStatement':
        return this.walkScoped(node, scope);
      case 'VariableDeclaration':
        for (const d of node.declarations) { this.walkPatternParts(d.id, scope); if (d.init) this.walk(d.init, scope); }
        return;
      case 'MemberExpression':
        this.walk(node.object, scope);
        if (node.computed) this.walk(node.property, scope);
        return;
      case 'Property':
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) this.walk(node.key, scope);
        if (node.value) this.walk(node.value, scope);
        return;
      case 'LabeledStatement': return this.walk(node.body, scope);
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'MetaProperty':
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) this.walk(node.declaration, scope);
        else if (!node.source) for (const s of node.specifiers) if (s.local.type === 'Identifier') this.reference(s.local, scope);
        return;
      case 'AssignmentExpression':
        // `=` and `||=`/`&&=`/`??=` may store the right side; arithmetic compound assignments store no function
        this.walkTarget(node.left, node.operator === '=' || LOGICAL_ASSIGN.has(node.operator) ? { node: node.right } : undefined, scope, false);
        return this.walk(node.right, scope);
      default:
        forEachChild(node, (c) => this.walk(c, scope));
    }
  }

  /** Nodes that open a scope of their own. */
  walkScoped(node: ClassDeclaration | AnonymousClassDeclaration | ClassExpression | BlockStatement | StaticBlock | ForStatement | ForInStatement | ForOfStatement | CatchClause | SwitchStatement, scope: Scope): void {
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression': {
        let inner = scope;
        if (node.type === 'ClassExpression' && node.id) {
          inner = child(scope);
          this.declare(inner, node.id, 'class').values.push({ node });
        }
        if (node.superClass) this.walk(node.superClass, scope);
        this.walkList(node.body.body, inner);
        return;
      }
      case 'BlockStatement': return this.walkBlock(node.body, child(scope));
      case 'StaticBlock': {
        const s = child(scope);
        this.collectVars(node.body, s);
        return this.walkBlock(node.body, s);
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.walkFor(node, child(scope));
      case 'CatchClause': {
        const s = child(scope);
        if (node.param) { this.declarePattern(node.param, s, 'catch', undefined, true); this.walkPatternParts(node.param, s); }
        return this.walk(node.body, s);
      }
      case 'SwitchStatement': {
        this.walk(node.discriminant, scope);
        const s = child(scope);
        for (const c of node.cases) this.hoistLexical(c.consequent, s);
        for (const c of node.cases) { if (c.test) this.walk(c.test, s); this.walkList(c.consequent, s); }
        return;
      }
    }
  }

  walkBlock(statements: readonly AnyNode[], scope: Scope): void {
    this.hoistLexical(statements, scope);
    this.walkList(statements, scope);
  }

  walkFor(node: AnyNode & { type: 'ForStatement' | 'ForInStatement' | 'ForOfStatement' }, s: Scope): void {
    const head = node.type === 'ForStatement' ? node.init : node.left;
    const eachItem = node.type !== 'ForStatement';
    if (head?.type === 'VariableDeclaration') {
      if (head.kind !== 'var') {
        for (const d of head.declarations) this.declarePattern(d.id, s, head.kind === 'const' ? 'const' : 'let', !eachItem && d.init ? { node: d.init } : undefined, eachItem);
      }
      this.walk(head, s);
    } else if (head && eachItem) {
      this.walkTarget(head, undefined, s, true);
    } else if (head) {
      this.walk(head, s);
    }
    if (node.type === 'ForStatement') { if (node.test) this.walk(node.test, s); if (node.update) this.walk(node.update, s); }
    else this.walk(node.right, s);
    this.walk(node.body, s);
  }

  walkFunction(fn: FunctionNode, scope: Scope): void {
    const s = child(scope);
    if (fn.type === 'FunctionExpression' && fn.id) this.declare(s, fn.id, 'function').values.push({ node: fn });
    fn.params.forEach((p, index) => {
      const simple = p.type === 'Identifier' ? p : p.type === 'AssignmentPattern' && p.left.type === 'Identifier' ? p.left : undefined;
      if (simple) {
        const b = this.declare(s, simple, 'param', { paramOf: { fn, index } });
        if (p.type === 'AssignmentPattern') b.values.push({ node: p.right });
      } else {
        this.declarePattern(p, s, 'param', undefined, true);
      }
    });
    if (fn.body.type === 'BlockStatement') {
      this.collectVars(fn.body.body, s);
      this.hoistLexical(fn.body.body, s);
    }
    for (const p of fn.params) this.walkPatternParts(p, s);
    if (fn.body.type === 'BlockStatement') this.walkList(fn.body.body, s);
    else this.walk(fn.body, s);
  }

  /** Walks the expressions inside a declaring pattern: defaults and computed keys. */
  walkPatternParts(pattern: AnyNode, scope: Scope): void {
    switch (pattern.type) {
      case 'AssignmentPattern': this.walkPatternParts(pattern.left, scope); return this.walk(pattern.right, scope);
      case 'ObjectPattern':
        for (const p of pattern.properties) {
          if (p.type === 'RestElement') { this.walkPatternParts(p.argument, scope); continue; }
          if (p.computed) this.walk(p.key, scope);
          this.walkPatternParts(p.value, scope);
        }
        return;
      case 'ArrayPattern': for (const el of pattern.elements) if (el) this.walkPatternParts(el, scope); return;
      case 'RestElement': return this.walkPatternParts(pattern.argument, scope);
      default: return;
    }
  }

  /** Walks an assignment target; identifiers it assigns get `value` (or become unknown). */
  walkTarget(target: AnyNode, value: BindingValue | undefined, scope: Scope, unknownWithoutValue: boolean): void {
    switch (target.type) {
      case 'Identifier': {
        const b = this.reference(target, scope);
        if (b && value) b.values.push(value);
        else if (b && unknownWithoutValue) b.unknown = true;
        return;
      }
      case 'AssignmentPattern':
        this.walk(target.right, scope);
        return this.walkTarget(target.left, value, scope, true);
      case 'ObjectPattern':
        for (const p of target.properties) {
          if (p.type === 'RestElement') { this.walkTarget(p.argument, undefined, scope, true); continue; }
          if (p.computed) this.walk(p.key, scope);
          this.walkTarget(p.value, memberValue(value, p.key, p.computed), scope, true);
        }
        return;
      case 'ArrayPattern':
        for (const el of target.elements) if (el) this.walkTarget(el, undefined, scope, true);
        return;
      case 'RestElement': return this.walkTarget(target.argument, undefined, scope, true);
      default: return this.walk(target, scope);
    }
  }
}

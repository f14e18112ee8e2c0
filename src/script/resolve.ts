/**
 * Static resolution over the bundle, independent of blocking levels (so
 * every answer is cached): which k6 module an expression is, which function
 * literals a callee may be, and which values are stored under a property name.
 */
import { propertyName, unwrapCallee } from './ast.ts';
import type { AnyNode, FunctionNode } from './ast.ts';
import type { CallSite, Collected, PropertyEntry } from './collect.ts';
import { isExternalSpecifier } from './k6-modules.ts';
import type { ScopeAnalysis } from './scope.ts';

/** Package key of the user's own code (see BundleMap.packageAt). */
export const USER = '';

/** The functions a call may invoke, and how call arguments shift onto their parameters (1 for `.call`). */
export interface SiteTargets { fns: FunctionNode[]; argOffset: number }

/** Answers static questions about the bundle; construct once per compile. */
export class StaticResolver {
  readonly #c: Collected;
  readonly #scopes: ScopeAnalysis;
  readonly #moduleCache = new Map<AnyNode, string | null>();
  readonly #propertyModuleCache = new Map<string, string | null>();
  readonly #propertyFunctions = new Map<string, FunctionNode[]>();
  readonly #entriesCache = new Map<string, PropertyEntry[]>();

  constructor(c: Collected, scopes: ScopeAnalysis) {
    this.#c = c;
    this.#scopes = scopes;
  }

  /** Values stored under property `name` that code of `pkg` may reach (all of them from the user's code). */
  entries(name: string, pkg: string): readonly PropertyEntry[] {
    const all = this.#c.properties.get(name);
    if (!all || pkg === USER) return all ?? [];
    const key = `${pkg}\0${name}`;
    let list = this.#entriesCache.get(key);
    if (!list) { list = all.filter((e) => e.pkg === pkg); this.#entriesCache.set(key, list); }
    return list;
  }

  /** The k6 module a callee belongs to (`http.get` → `k6/http`, a named import → its module). */
  moduleOfCallee(callee: AnyNode): string | undefined {
    const node = unwrapCallee(callee);
    if (node.type === 'MemberExpression') return this.moduleOf(node.object, 0);
    if (node.type === 'Identifier') return this.#scopes.references.get(node)?.importOf?.source;
    return undefined;
  }

  /** The external module `expr` evaluates to (default or namespace object), if any. Static, so cached. */
  moduleOf(expr: AnyNode, depth = 0): string | undefined {
    if (depth > 0) return this.#findModule(expr, depth);
    let found = this.#moduleCache.get(expr);
    if (found === undefined) { found = this.#findModule(expr, 0) ?? null; this.#moduleCache.set(expr, found); }
    return found ?? undefined;
  }

  #findModule(expr: AnyNode, depth: number): string | undefined {
    const node = unwrapCallee(expr);
    if (depth > 4) return undefined;
    if (node.type === 'Identifier') {
      const b = this.#scopes.references.get(node);
      if (!b) return undefined;
      if (b.importOf) return b.importOf.imported === 'default' || b.importOf.imported === '*' ? b.importOf.source : undefined;
      if (b.unknown || b.paramOf || b.values.length !== 1) return undefined;
      const v = b.values[0];
      if (v.property === undefined) return this.moduleOf(v.node, depth + 1);
      return v.property === 'default' ? this.moduleOf(v.node, depth + 1) : undefined;
    }
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
      const first = node.arguments[0];
      if (node.callee.name === '__toESM' && first) return this.moduleOf(first, depth + 1);
      if ((node.callee.name === 'require' || node.callee.name === '__require') && first?.type === 'Literal' && typeof first.value === 'string') {
        return isExternalSpecifier(first.value) ? first.value : undefined;
      }
      return undefined;
    }
    if (node.type === 'MemberExpression') {
      const name = propertyName(node.property, node.computed);
      if (name === 'default') return this.moduleOf(node.object, depth + 1);
      // a k6 module stored on an object: `this.http = http; this.http.get(url)`
      if (name !== undefined && depth < 2) return this.#propertyModule(name, depth);
    }
    return undefined;
  }

  #propertyModule(name: string, depth: number): string | undefined {
    let found = this.#propertyModuleCache.get(name);
    if (found === undefined) {
      this.#propertyModuleCache.set(name, null);
      found = null;
      for (const entry of this.#c.properties.get(name) ?? []) {
        const module = this.#findModule(entry.value, depth + 1);
        if (module !== undefined) { found = module; break; }
      }
      this.#propertyModuleCache.set(name, found);
    }
    return found ?? undefined;
  }

  /** The functions `site` may call (for passing argument levels onto parameters). */
  siteTargets(site: CallSite): SiteTargets {
    const callee = unwrapCallee(site.callee);
    if (callee.type === 'MemberExpression') {
      const name = propertyName(callee.property, callee.computed);
      if (name === 'call') return { fns: this.functionsOf(callee.object, site.pkg, 0), argOffset: 1 };
      if (name === 'apply') return { fns: [], argOffset: 0 };
    }
    return { fns: this.functionsOf(callee, site.pkg, 0), argOffset: 0 };
  }

  /** Function literals `expr` may evaluate to (through bindings, aliases and property names). */
  functionsOf(expr: AnyNode, pkg: string, depth = 0): FunctionNode[] {
    const node = unwrapCallee(expr);
    if (depth > 6) return [];
    switch (node.type) {
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
        return [node];
      case 'Identifier': {
        const b = this.#scopes.references.get(node);
        if (!b) return [];
        return b.values.flatMap((v) => (v.property === undefined ? this.functionsOf(v.node, pkg, depth + 1) : []));
      }
      case 'MemberExpression': {
        const name = propertyName(node.property, node.computed);
        if (name === undefined || this.moduleOf(node.object, 0) !== undefined) return [];
        const key = `${pkg}\0${name}`;
        let fns = this.#propertyFunctions.get(key);
        if (!fns) {
          this.#propertyFunctions.set(key, []);
          fns = this.entries(name, pkg).flatMap((e) => this.functionsOf(e.value, pkg, depth + 1));
          this.#propertyFunctions.set(key, fns);
        }
        return fns;
      }
      case 'ConditionalExpression':
        return [...this.functionsOf(node.consequent, pkg, depth + 1), ...this.functionsOf(node.alternate, pkg, depth + 1)];
      case 'LogicalExpression':
        return [...this.functionsOf(node.left, pkg, depth + 1), ...this.functionsOf(node.right, pkg, depth + 1)];
      case 'CallExpression': {
        const callee = unwrapCallee(node.callee);
        const isBind = callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'bind';
        return isBind ? this.functionsOf(callee.object, pkg, depth + 1) : [];
      }
      default:
        return [];
    }
  }
}

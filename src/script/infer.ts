/**
 * Async inference: which functions can reach a blocking k6 call (and so must
 * become `async`), and which calls must be awaited. Levels only grow
 * (No < Maybe < Surely, blocking-rules.ts) and are iterated to a fixpoint over the whole
 * bundle, so helpers in other files and callbacks passed around are found.
 *
 * Resolution: identifiers through the scope analysis (declarations, aliases,
 * `.bind`, imports of k6 modules); member calls on k6 modules through
 * blocking-rules.ts; other member calls by property name ("maybe");
 * parameters through the arguments passed at every resolved call site;
 * calls through unknown local values are "maybe" once a blocking function
 * has escaped into data. In npm packages only same-package names and sure
 * resolutions count, so a user's method names do not leak into libraries.
 */
import { propertyName, unwrapCallee } from './ast.ts';
import type { AnyNode, FunctionNode } from './ast.ts';
import { Blocking, MEMBER_RULES, exportRule, maxLevel as max, type BlockingLevel, type BlockingRule } from './blocking-rules.ts';
import type { CallSite, Collected, Context, ContextKind } from './collect.ts';
import { StaticResolver, USER, type SiteTargets } from './resolve.ts';
import type { Binding, ScopeAnalysis } from './scope.ts';

/** What the rewrite must do, or the first blocking call in a place that cannot wait. */
export interface InferenceResult {
  /** function contexts that must become `async` */
  readonly asyncContexts: Context[];
  /** calls that must be awaited (or rewritten to sequential array helpers) */
  readonly awaitSites: CallSite[];
  /** the first surely-blocking call in a context that cannot wait */
  readonly violation?: { site: CallSite; kind: ContextKind };
}

/** Runs the inference over everything `collect()` gathered. */
export function inferAsync(c: Collected, scopes: ScopeAnalysis): InferenceResult {
  return new Inferrer(c, scopes).run();
}


class Inferrer {
  readonly #c: Collected;
  readonly #scopes: ScopeAnalysis;
  readonly #resolve: StaticResolver;
  readonly #memberNames = new Set<string>();
  readonly #paramFlow = new Map<Binding, BlockingLevel>();
  readonly #targets = new Map<CallSite, SiteTargets>();
  readonly #nameMemo = new Map<string, BlockingLevel>();
  readonly #visiting = new Set<Binding>();
  readonly #returning = new Set<FunctionNode>();
  readonly #returnedCache = new Map<AnyNode, FunctionNode[]>();
  #anyPropertyMemo: boolean | undefined;
  #escaped = false;
  #changed = false;

  constructor(c: Collected, scopes: ScopeAnalysis) {
    this.#c = c;
    this.#scopes = scopes;
    this.#resolve = new StaticResolver(c, scopes);
    for (const rule of MEMBER_RULES) if (c.importedModules.has(rule.module)) for (const m of rule.members) this.#memberNames.add(m);
  }

  run(): InferenceResult {
    this.#markContexts();
    for (const site of this.#c.sites) this.#targets.set(site, this.#resolve.siteTargets(site));
    do {
      this.#changed = false;
      this.#nameMemo.clear();
      this.#anyPropertyMemo = undefined;
      for (const site of this.#c.sites) this.#updateSite(site);
      for (const ctx of this.#c.contexts) {
        let level: BlockingLevel = Blocking.No;
        for (const s of ctx.calls) if (s.level > level) level = s.level;
        if (level > ctx.level) { ctx.level = level; this.#changed = true; }
      }
      if (!this.#escaped && this.#c.escapes.some((e) => this.#level(e, USER, false) >= Blocking.Maybe)) this.#escaped = this.#changed = true;
    } while (this.#changed);
    return this.#result();
  }

  /** Functions used as sort comparators or with `new` cannot become async. */
  #markContexts(): void {
    for (const expr of this.#c.sortComparators) {
      for (const fn of this.#resolve.functionsOf(expr, USER, 0)) {
        const ctx = this.#c.fnContexts.get(fn);
        if (ctx?.kind === 'function') ctx.kind = 'sort-comparator';
      }
    }
    for (const expr of this.#c.newCallees) {
      for (const fn of this.#resolve.functionsOf(expr, USER, 0)) {
        const ctx = this.#c.fnContexts.get(fn);
        if (ctx?.kind === 'function' && fn.type !== 'ArrowFunctionExpression') ctx.kind = 'new-target';
      }
    }
  }

  #result(): InferenceResult {
    const asyncContexts = this.#c.contexts.filter((ctx) => ctx.kind === 'function' && ctx.fn && !ctx.fn.async && ctx.level >= Blocking.Maybe);
    const awaitSites: CallSite[] = [];
    let violation: InferenceResult['violation'];
    for (const site of this.#c.sites) {
      if (site.level === Blocking.No) continue;
      const kind = site.ctx.kind;
      if (kind === 'module' || kind === 'function') awaitSites.push(site);
      else if (site.level === Blocking.Surely && (!violation || site.node.start < violation.site.node.start)) violation = { site, kind };
    }
    return { asyncContexts, awaitSites, violation };
  }

  #updateSite(site: CallSite): void {
    const level = this.#siteLevel(site);
    if (level > site.level) { site.level = level; this.#changed = true; }
    const targets = this.#targets.get(site)!;
    if (targets.fns.length > 0) {
      for (const fn of targets.fns) this.#flowArguments(fn, site, targets.argOffset);
    } else if (!this.#escaped && !site.arrayMethod && this.#resolve.moduleOfCallee(site.callee) === undefined) {
      if (site.args.some((a) => this.#level(a, site.pkg, false) >= Blocking.Maybe)) this.#escaped = this.#changed = true;
    }
  }

  #siteLevel(site: CallSite): BlockingLevel {
    if (site.node.type === 'NewExpression') return Blocking.No;
    let level = this.#level(site.callee, site.pkg, true, site.args);
    if (site.arrayMethod) {
      const callback = this.#level(site.args[0], site.pkg, true);
      if (callback >= Blocking.Maybe) site.arrayRewrite = true;
      if (callback > level) level = callback;
    }
    return level;
  }

  #flowArguments(fn: FunctionNode, site: CallSite, offset: number): void {
    fn.params.forEach((p, i) => {
      const id = p.type === 'Identifier' ? p : p.type === 'AssignmentPattern' && p.left.type === 'Identifier' ? p.left : undefined;
      const arg = site.args[i + offset];
      if (!id || !arg || arg.type === 'SpreadElement') return;
      const binding = this.#scopes.declarations.get(id);
      if (!binding) return;
      const level = this.#level(arg, site.pkg, false);
      if (level > (this.#paramFlow.get(binding) ?? Blocking.No)) { this.#paramFlow.set(binding, level); this.#changed = true; }
    });
  }

  /**
   * How blocking it is to call `expr` (`asCallee`), or how blocking the
   * function value `expr` is when it is passed somewhere (`!asCallee`).
   * `args` are the call's arguments, for rules such as group(name, fn).
   */
  #level(expr: AnyNode, pkg: string, asCallee: boolean, args?: readonly AnyNode[]): BlockingLevel {
    const node = unwrapCallee(expr);
    switch (node.type) {
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
        return this.#fnCallLevel(node);
      case 'Identifier': return this.#identifierLevel(node, pkg, asCallee, args);
      case 'MemberExpression': return this.#memberLevel(node.object, propertyName(node.property, node.computed), pkg, asCallee, args);
      case 'ConditionalExpression': return max(this.#level(node.consequent, pkg, asCallee, args), this.#level(node.alternate, pkg, asCallee, args));
      case 'LogicalExpression': return max(this.#level(node.left, pkg, asCallee, args), this.#level(node.right, pkg, asCallee, args));
      case 'AssignmentExpression': return this.#level(node.right, pkg, asCallee, args);
      case 'CallExpression': {
        const callee = unwrapCallee(node.callee);
        if (callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'bind') return this.#level(callee.object, pkg, asCallee);
        return this.#returnedLevel(node, pkg, asCallee);
      }
      case 'Literal': case 'TemplateLiteral': case 'ObjectExpression': case 'ArrayExpression': case 'ClassExpression':
      case 'ClassDeclaration': case 'BinaryExpression': case 'UnaryExpression': case 'UpdateExpression': case 'SpreadElement':
      case 'ThisExpression': case 'Super':
        return Blocking.No;
      default:
        return this.#fallback(pkg, asCallee);
    }
  }

  /**
   * Level of the function a call returns, when every function it may call
   * is an arrow returning an expression (esbuild's `__commonJS(…)`,
   * `__esm(…)` factories); otherwise unknown.
   */
  #returnedLevel(call: AnyNode & { type: 'CallExpression' }, pkg: string, asCallee: boolean): BlockingLevel {
    let fns = this.#returnedCache.get(call);
    if (!fns) { fns = this.#resolve.functionsOf(call.callee, pkg, 0); this.#returnedCache.set(call, fns); }
    if (fns.length === 0 || fns.some((f) => f.body.type === 'BlockStatement' || this.#returning.has(f))) return this.#fallback(pkg, asCallee);
    let level: BlockingLevel = Blocking.No;
    for (const f of fns) {
      this.#returning.add(f);
      level = max(level, this.#level(f.body, pkg, asCallee));
      this.#returning.delete(f);
    }
    return level;
  }

  #fnCallLevel(fn: FunctionNode): BlockingLevel {
    const ctx = this.#c.fnContexts.get(fn);
    return ctx && ctx.kind === 'function' && !ctx.authoredAsync ? ctx.level : Blocking.No;
  }

  /** Calls through values the compiler cannot see are "maybe" once a blocking function escaped. */
  #fallback(pkg: string, asCallee: boolean): BlockingLevel {
    return asCallee && pkg === USER && this.#escaped ? Blocking.Maybe : Blocking.No;
  }

  #identifierLevel(id: AnyNode & { type: 'Identifier' }, pkg: string, asCallee: boolean, args?: readonly AnyNode[]): BlockingLevel {
    const b = this.#scopes.references.get(id);
    if (!b) return Blocking.No;
    if (b.importOf) {
      const { source, imported } = b.importOf;
      return imported === 'default' || imported === '*' ? Blocking.No : this.#ruleLevel(exportRule(source, imported), pkg, args);
    }
    if (this.#visiting.has(b)) return Blocking.No;
    this.#visiting.add(b);
    let level: BlockingLevel = b.paramOf ? max(this.#paramFlow.get(b) ?? Blocking.No, this.#fallback(pkg, asCallee)) : Blocking.No;
    for (const v of b.values) {
      if (level === Blocking.Surely) break;
      const l = v.property === undefined ? this.#level(v.node, pkg, asCallee, args) : this.#memberLevel(v.node, v.property, pkg, asCallee, args);
      level = max(level, l);
    }
    if (b.unknown) level = max(level, this.#fallback(pkg, asCallee));
    this.#visiting.delete(b);
    return level;
  }

  #memberLevel(object: AnyNode, name: string | undefined, pkg: string, asCallee: boolean, args?: readonly AnyNode[]): BlockingLevel {
    const module = this.#resolve.moduleOf(object, 0);
    if (module !== undefined) return name === undefined ? Blocking.No : this.#ruleLevel(exportRule(module, name), pkg, args);
    if (name === 'call') return this.#level(object, pkg, asCallee, args?.slice(1));
    if (name === 'apply') return this.#level(object, pkg, asCallee);
    if (name === 'bind' || (object.type === 'Super' && name === undefined)) return Blocking.No;
    if (name === undefined) return asCallee && pkg === USER && (this.#escaped || this.#anyPropertyBlocking()) ? Blocking.Maybe : Blocking.No;
    if (asCallee && pkg === USER && this.#memberNames.has(name)) return Blocking.Maybe;
    return this.#nameLevel(name, pkg) >= Blocking.Maybe ? Blocking.Maybe : Blocking.No;
  }

  #ruleLevel(rule: BlockingRule | undefined, pkg: string, args?: readonly AnyNode[]): BlockingLevel {
    if (!rule) return Blocking.No;
    if (rule.kind === 'always') return Blocking.Surely;
    const arg = args?.[rule.argIndex];
    if (!arg) return Blocking.No;
    return rule.shape === 'function' ? this.#level(arg, pkg, true) : this.#objectFunctionsLevel(arg, pkg, 0);
  }

  /** Level of `check(v, sets)`: the most blocking function among `sets`' values. */
  #objectFunctionsLevel(expr: AnyNode, pkg: string, depth: number): BlockingLevel {
    const node = unwrapCallee(expr);
    const unknown: BlockingLevel = pkg === USER ? Blocking.Maybe : Blocking.No;
    if (node.type === 'ObjectExpression') {
      let level: BlockingLevel = Blocking.No;
      for (const p of node.properties) level = max(level, p.type === 'Property' ? this.#level(p.value, pkg, true) : unknown);
      return level;
    }
    if (node.type === 'Identifier' && depth < 4) {
      const b = this.#scopes.references.get(node);
      if (b && !b.unknown && !b.paramOf && b.values.length === 1 && b.values[0].property === undefined) {
        return this.#objectFunctionsLevel(b.values[0].node, pkg, depth + 1);
      }
    }
    return unknown;
  }

  /** Level of any function stored under property `name` (same package only inside npm packages). */
  #nameLevel(name: string, pkg: string): BlockingLevel {
    const key = pkg === USER ? name : `${pkg}\0${name}`;
    const memo = this.#nameMemo.get(key);
    if (memo !== undefined) return memo;
    this.#nameMemo.set(key, Blocking.No);
    let level: BlockingLevel = Blocking.No;
    for (const entry of this.#resolve.entries(name, pkg)) {
      level = max(level, this.#level(entry.value, pkg, false));
      if (level === Blocking.Surely) break;
    }
    this.#nameMemo.set(key, level);
    return level;
  }

  #anyPropertyBlocking(): boolean {
    if (this.#anyPropertyMemo === undefined) {
      this.#anyPropertyMemo = false;
      for (const name of this.#c.properties.keys()) if (this.#nameLevel(name, USER) >= Blocking.Maybe) { this.#anyPropertyMemo = true; break; }
    }
    return this.#anyPropertyMemo;
  }
}


/**
 * One walk over the bundle that gathers what the async inference needs:
 * every function (with the kind of place it runs in), every call, which
 * functions are stored under which property names, and the places where a
 * function value escapes into data the compiler cannot follow.
 */
import type {
  AssignmentProperty, CallExpression, ChainExpression, Identifier, ImportExpression, MethodDefinition, NewExpression, Property,
  PropertyDefinition, StaticBlock, TaggedTemplateExpression, ThrowStatement,
} from 'acorn';
import { forEachChild, hasOptionalLink, isFunctionNode, propertyName } from './ast.ts';
import type { AnyNode, FunctionNode, Program } from './ast.ts';
import { ARRAY_CALLBACK_METHODS, Blocking, SORT_METHODS, type BlockingLevel } from './blocking-rules.ts';

/** Where code runs; every kind but `module` and `function` cannot wait. */
export type ContextKind =
  | 'module' | 'function' | 'constructor' | 'new-target' | 'getter' | 'setter' | 'generator'
  | 'sort-comparator' | 'class-field' | 'static-block' | 'parameters' | 'module-init';

/** A body of code that runs as one unit: the module's top level, a function body, a field initialiser… */
export interface Context {
  kind: ContextKind;
  readonly fn?: FunctionNode;
  /** the user wrote `async` (callers manage the Promise themselves) */
  readonly authoredAsync: boolean;
  /** for methods: the key before which `async` goes */
  readonly methodKey?: { node: AnyNode; computed: boolean };
  readonly calls: CallSite[];
  level: BlockingLevel;
}

/** Nodes that call a function. */
export type CallNode = CallExpression | NewExpression | TaggedTemplateExpression;

/** One call in the bundle. */
export interface CallSite {
  readonly node: CallNode;
  readonly callee: AnyNode;
  readonly args: readonly AnyNode[];
  readonly ctx: Context;
  /** package of the code (see BundleMap.packageAt) */
  readonly pkg: string;
  /** already the operand of `await` */
  readonly awaited: boolean;
  /** inside an optional chain after an optional link: the next link, which must become optional too */
  readonly chainLink?: AnyNode;
  /** `x.forEach(cb)`-style call whose callback may need sequential helpers */
  readonly arrayMethod?: string;
  level: BlockingLevel;
  arrayRewrite: boolean;
}

/** A value stored under a property name (`{ name: v }`, `name() {}`, `o.name = v`, class members). */
export interface PropertyEntry {
  readonly value: AnyNode;
  /** package of the code that stores it (see BundleMap.packageAt) */
  readonly pkg: string;
}

/** Everything the walk gathered. */
export interface Collected {
  readonly moduleContext: Context;
  readonly contexts: Context[];
  readonly fnContexts: Map<FunctionNode, Context>;
  readonly sites: CallSite[];
  readonly properties: Map<string, PropertyEntry[]>;
  /** expressions whose value escapes into arrays, objects, returns… */
  readonly escapes: AnyNode[];
  readonly importedModules: Set<string>;
  readonly sortComparators: AnyNode[];
  readonly newCallees: AnyNode[];
  readonly importMetas: AnyNode[];
  readonly dynamicImports: ImportExpression[];
  /** identifiers that are shorthand property values (`{ __ITER }`) */
  readonly shorthands: Set<Identifier>;
  /** every `throw` statement (rewritten so a thrown non-Error still has a location) */
  readonly throws: ThrowStatement[];
}

/** Walks `program`; `packageAt` tells which package an offset belongs to. */
export function collect(program: Program, packageAt: (offset: number) => string): Collected {
  const c = new Collector(packageAt);
  for (const st of program.body) c.visit(st, program, c.out.moduleContext, undefined);
  return c.out;
}

/** esbuild's wrappers around the top level of modules loaded with require(): their bodies cannot wait. */
const MODULE_WRAPPERS = new Set(['__commonJS', '__esm']);

function newContext(kind: ContextKind, fn?: FunctionNode, methodKey?: Context['methodKey']): Context {
  return { kind, fn, authoredAsync: fn?.async ?? false, methodKey, calls: [], level: Blocking.No };
}

class Collector {
  readonly out: Collected;
  readonly #packageAt: (offset: number) => string;
  readonly #awaited = new Set<AnyNode>();
  readonly #moduleInits = new Set<AnyNode>();

  constructor(packageAt: (offset: number) => string) {
    this.#packageAt = packageAt;
    const moduleContext = newContext('module');
    this.out = {
      moduleContext, contexts: [moduleContext], fnContexts: new Map(), sites: [], properties: new Map(), escapes: [],
      importedModules: new Set(), sortComparators: [], newCallees: [], importMetas: [], dynamicImports: [], shorthands: new Set(),
      throws: [],
    };
  }

  visit(node: AnyNode, parent: AnyNode, ctx: Context, chain: ChainExpression | undefined): void {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.visitFunction(node, parent);
      case 'CallExpression':
      case 'NewExpression':
      case 'TaggedTemplateExpression':
        return this.visitCall(node, parent, ctx, chain);
      case 'ChainExpression': return this.visit(node.expression, node, ctx, node);
      case 'MemberExpression':
        this.visit(node.object, node, ctx, chain);
        if (node.computed) this.visit(node.property, node, ctx, undefined);
        return;
      case 'AwaitExpression':
        this.#awaited.add(node.argument);
        if (node.argument.type === 'ChainExpression') this.#awaited.add(node.argument.expression);
        return this.visit(node.argument, node, ctx, undefined);
      case 'Property':
      case 'MethodDefinition':
      case 'PropertyDefinition':
      case 'StaticBlock':
        return this.visitMember(node, parent, ctx);
      case 'AssignmentExpression':
        if (node.left.type === 'MemberExpression') {
          // a store under a static name is found again by name (`o.f = fn; o.f()`); only computed stores escape
          if (propertyName(node.left.property, node.left.computed) === undefined) this.out.escapes.push(node.right);
          else this.register(node.left.property, node.left.computed, node.right);
          this.visit(node.left, node, ctx, undefined);
        } else {
          this.visitPattern(node.left, node, ctx);
        }
        return this.visit(node.right, node, ctx, undefined);
      case 'VariableDeclarator':
        this.visitPattern(node.id, node, ctx);
        if (node.init) this.visit(node.init, node, ctx, undefined);
        return;
      case 'ArrayExpression':
        for (const el of node.elements) if (el) this.out.escapes.push(el.type === 'SpreadElement' ? el.argument : el);
        break;
      case 'ReturnStatement':
      case 'YieldExpression':
        if (node.argument) this.out.escapes.push(node.argument);
        break;
      case 'ImportDeclaration':
        this.out.importedModules.add(String(node.source.value));
        return;
      case 'ImportExpression':
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') this.out.dynamicImports.push(node);
        break;
      case 'MetaProperty':
        if (node.meta.name === 'import') this.out.importMetas.push(node);
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type !== 'VariableDeclaration') this.visitPattern(node.left, node, ctx);
        else this.visit(node.left, node, ctx, undefined);
        this.visit(node.right, node, ctx, undefined);
        return this.visit(node.body, node, ctx, undefined);
      case 'CatchClause':
        if (node.param) this.visitPattern(node.param, node, ctx);
        return this.visit(node.body, node, ctx, undefined);
      case 'LabeledStatement': return this.visit(node.body, node, ctx, undefined);
      case 'ThrowStatement':
        this.out.throws.push(node);
        break;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'ExportAllDeclaration':
        return;
      default:
        break;
    }
    forEachChild(node, (child) => this.visit(child, node, ctx, undefined));
  }

  /** Object and class members: registers what they store under their names. */
  visitMember(node: Property | AssignmentProperty | MethodDefinition | PropertyDefinition | StaticBlock, parent: AnyNode, ctx: Context): void {
    switch (node.type) {
      case 'Property':
        if (node.computed) this.visit(node.key, node, ctx, undefined);
        if (node.kind === 'init') this.register(node.key, node.computed, node.value);
        if (parent.type === 'ObjectExpression') this.out.escapes.push(node.value);
        if (node.shorthand && node.value.type === 'Identifier') this.out.shorthands.add(node.value);
        return this.visit(node.value, node, ctx, undefined);
      case 'MethodDefinition':
        if (node.computed) this.visit(node.key, node, ctx, undefined);
        if (node.kind === 'method') this.register(node.key, node.computed, node.value);
        return this.visit(node.value, node, ctx, undefined);
      case 'PropertyDefinition': {
        if (node.computed) this.visit(node.key, node, ctx, undefined);
        if (!node.value) return;
        this.register(node.key, node.computed, node.value);
        return this.visit(node.value, node, this.pseudoContext('class-field'), undefined);
      }
      case 'StaticBlock': {
        const inner = this.pseudoContext('static-block');
        for (const st of node.body) this.visit(st, node, inner, undefined);
        return;
      }
    }
  }

  visitFunction(fn: FunctionNode, parent: AnyNode): void {
    const ctx = this.#moduleInits.has(fn) ? newContext('module-init', fn) : functionContext(fn, parent);
    this.out.contexts.push(ctx);
    this.out.fnContexts.set(fn, ctx);
    if (fn.params.some((p) => p.type !== 'Identifier')) {
      const params = newContext('parameters', fn);
      this.out.contexts.push(params);
      for (const p of fn.params) this.visitPattern(p, fn, params);
    }
    if (fn.body.type === 'BlockStatement') {
      for (const st of fn.body.body) this.visit(st, fn.body, ctx, undefined);
    } else {
      this.visit(fn.body, fn, ctx, undefined);
    }
  }

  visitCall(node: CallNode, parent: AnyNode, ctx: Context, chain: ChainExpression | undefined): void {
    const callee = node.type === 'TaggedTemplateExpression' ? node.tag : node.callee;
    const args = node.type === 'TaggedTemplateExpression' ? [] : node.arguments;
    const site: CallSite = {
      node, callee, args, ctx, pkg: this.#packageAt(node.start), awaited: this.#awaited.has(node),
      chainLink: chain && chain.expression !== node && hasOptionalLink(node) && !isOptionalLink(parent) ? parent : undefined,
      arrayMethod: node.type === 'CallExpression' ? arrayMethodOf(node) : undefined, level: Blocking.No, arrayRewrite: false,
    };
    ctx.calls.push(site);
    this.out.sites.push(site);
    if (node.type === 'NewExpression') this.out.newCallees.push(callee);
    if (callee.type === 'MemberExpression' && args.length > 0) {
      const name = propertyName(callee.property, callee.computed);
      if (name !== undefined && SORT_METHODS.has(name)) this.out.sortComparators.push(args[0]);
    }
    if (callee.type === 'Identifier' && MODULE_WRAPPERS.has(callee.name) && args[0]?.type === 'ObjectExpression') {
      // esbuild runs the top level of require()d modules in `__commonJS({ "file"(exports, module) {…} })`
      for (const p of args[0].properties) if (p.type === 'Property' && isFunctionNode(p.value)) this.#moduleInits.add(p.value);
    }
    if (callee.type === 'Identifier' && (callee.name === 'require' || callee.name === '__require')) {
      const first = args[0];
      if (first?.type === 'Literal' && typeof first.value === 'string') this.out.importedModules.add(first.value);
    }
    this.visit(callee, node, ctx, chain);
    if (node.type === 'TaggedTemplateExpression') this.visit(node.quasi, node, ctx, undefined);
    else for (const a of node.arguments) this.visit(a, node, ctx, undefined);
  }

  /** Visits the expressions inside a binding/assignment pattern: defaults, computed keys, member targets. */
  visitPattern(pattern: AnyNode, parent: AnyNode, ctx: Context): void {
    switch (pattern.type) {
      case 'Identifier': return;
      case 'AssignmentPattern':
        this.visitPattern(pattern.left, pattern, ctx);
        return this.visit(pattern.right, pattern, ctx, undefined);
      case 'ObjectPattern':
        for (const p of pattern.properties) {
          if (p.type === 'RestElement') { this.visitPattern(p.argument, p, ctx); continue; }
          if (p.computed) this.visit(p.key, p, ctx, undefined);
          this.visitPattern(p.value, p, ctx);
        }
        return;
      case 'ArrayPattern':
        for (const el of pattern.elements) if (el) this.visitPattern(el, pattern, ctx);
        return;
      case 'RestElement': return this.visitPattern(pattern.argument, pattern, ctx);
      default: return this.visit(pattern, parent, ctx, undefined);
    }
  }

  pseudoContext(kind: ContextKind): Context {
    const ctx = newContext(kind);
    this.out.contexts.push(ctx);
    return ctx;
  }

  /** Remembers that `value` is stored under the property `key`. */
  register(key: AnyNode, computed: boolean, value: AnyNode): void {
    const name = propertyName(key, computed);
    if (name === undefined) return;
    // esbuild's `__export(ns, { name: () => name })` getters stand for the function they return
    const stored = value.type === 'ArrowFunctionExpression' && value.body.type === 'Identifier' && value.params.length === 0 ? value.body : value;
    let list = this.out.properties.get(name);
    if (!list) { list = []; this.out.properties.set(name, list); }
    list.push({ value: stored, pkg: this.#packageAt(value.start) });
  }
}

function functionContext(fn: FunctionNode, parent: AnyNode): Context {
  if (parent.type === 'MethodDefinition' && parent.value === fn) {
    if (parent.kind === 'constructor') return newContext('constructor', fn);
    if (parent.kind === 'get') return newContext('getter', fn);
    if (parent.kind === 'set') return newContext('setter', fn);
  }
  if (parent.type === 'Property' && parent.value === fn) {
    if (parent.kind === 'get') return newContext('getter', fn);
    if (parent.kind === 'set') return newContext('setter', fn);
  }
  if (fn.generator && !fn.async) return newContext('generator', fn);
  const isMethod = (parent.type === 'MethodDefinition' || (parent.type === 'Property' && parent.method)) && parent.value === fn;
  return newContext('function', fn, isMethod ? { node: parent.key, computed: parent.computed } : undefined);
}

function arrayMethodOf(node: CallExpression): string | undefined {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.object.type === 'Super') return undefined;
  const name = propertyName(callee.property, callee.computed);
  const first = node.arguments[0];
  return name !== undefined && ARRAY_CALLBACK_METHODS.has(name) && first && first.type !== 'SpreadElement' ? name : undefined;
}

function isOptionalLink(node: AnyNode): boolean {
  return (node.type === 'CallExpression' || node.type === 'MemberExpression') && node.optional;
}


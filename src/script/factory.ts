/**
 * Turns the bundled ES module into the VU module factory:
 * `(async function (__vuContext) { "use strict"; …; return { default, options, … }; })`.
 * Import declarations of externals become `__vuContext.import(…)` lookups
 * hoisted to the top, export statements become the returned object, and the
 * k6 globals (`__VU`, `__ENV`, `open`, `console`, `require`) are declared
 * from `__vuContext` (factory-names.ts). Each call of the factory creates
 * fresh module state.
 */
import type MagicString from 'magic-string';
import type { ExportDefaultDeclaration, ExportNamedDeclaration, ImportDeclaration } from 'acorn';
import type { AnyNode, Program } from './ast.ts';
import { createSequentialArrayHelpers } from './sequential-array.ts';
import { DEFAULT_EXPORT, NOTE_THROW_SITE, REEXPORTED_MODULE, SEQUENTIAL_ARRAY, SEQUENTIAL_ARRAY_OPTIONAL, VU_CONTEXT } from './factory-names.ts';

/** What the module-syntax rewrite produced, for wrapFactory. */
export interface ModuleShape {
  /** statements replacing the import declarations, run first */
  readonly imports: string[];
  /** source of the object expression the factory returns */
  readonly exportsObject: string;
}

/** Names the factory declares from the VU context unless the script declares them itself. */
const K6_GLOBALS: ReadonlyArray<[string, string]> = [
  ['__VU', `const __VU = ${VU_CONTEXT}.vu;`],
  ['__ENV', `const __ENV = ${VU_CONTEXT}.env;`],
  ['open', `const open = (...args) => ${VU_CONTEXT}.open(...args);`],
  ['console', `const console = ${VU_CONTEXT}.console;`],
  ['require', `const require = (name) => ${VU_CONTEXT}.import(name);`],
];

/**
 * Rewrites the bundle's top-level import/export statements in `s`. Only
 * overwrites and removals happen here; callers insert text afterwards.
 */
export function rewriteModuleSyntax(program: Program, s: MagicString, code: string, entryIsCommonJs: boolean): ModuleShape {
  const imports: string[] = [];
  const entries: Array<[string, string]> = [];
  const stars: string[] = [];
  for (const st of program.body) {
    if (st.type === 'ImportDeclaration') {
      imports.push(importStatement(st));
      s.remove(st.start, st.end);
    } else if (st.type === 'ExportNamedDeclaration') {
      rewriteNamedExport(st, s, imports, entries);
    } else if (st.type === 'ExportDefaultDeclaration') {
      entries.push(['default', rewriteDefaultExport(st, s, code)]);
    } else if (st.type === 'ExportAllDeclaration') {
      const module = importCall(st.source.value);
      if (st.exported) entries.push([exportName(st.exported), module]);
      else stars.push(module);
      s.remove(st.start, st.end);
    }
  }
  return { imports, exportsObject: exportsObject(entries, stars, entryIsCommonJs) };
}

/** Wraps the rewritten bundle into the factory expression. */
export function wrapFactory(s: MagicString, shape: ModuleShape, opts: { declared: ReadonlySet<string>; arrayHelpers: boolean; throwSites?: boolean }): void {
  const lines = [`(async function (${VU_CONTEXT}) {`, '"use strict";'];
  for (const [name, decl] of K6_GLOBALS) if (!opts.declared.has(name)) lines.push(decl);
  // `thrown(value, file, line, column)` notes where a non-Error was thrown (rewrite.ts wrapThrows)
  if (opts.throwSites) lines.push(`const ${NOTE_THROW_SITE} = ${VU_CONTEXT}.thrown;`);
  if (opts.arrayHelpers) {
    lines.push(`const { strict: ${SEQUENTIAL_ARRAY}, optional: ${SEQUENTIAL_ARRAY_OPTIONAL} } = (${createSequentialArrayHelpers.toString()})();`);
  }
  lines.push(...shape.imports, '');
  s.prepend(lines.join('\n'));
  s.append(`\nreturn ${shape.exportsObject};\n})`);
}

/** `__vuContext.import("specifier")` */
function importCall(specifier: unknown): string {
  return `${VU_CONTEXT}.import(${JSON.stringify(String(specifier))})`;
}

function importStatement(st: ImportDeclaration): string {
  const module = importCall(st.source.value);
  if (st.specifiers.length === 0) return `${module};`;
  const out: string[] = [];
  const named: string[] = [];
  for (const spec of st.specifiers) {
    if (spec.type === 'ImportDefaultSpecifier') out.push(`const ${spec.local.name} = ${module}.default;`);
    else if (spec.type === 'ImportNamespaceSpecifier') out.push(`const ${spec.local.name} = ${module};`);
    else named.push(`${JSON.stringify(exportName(spec.imported))}: ${spec.local.name}`);
  }
  if (named.length > 0) out.push(`const { ${named.join(', ')} } = ${module};`);
  return out.join(' ');
}

function rewriteNamedExport(st: ExportNamedDeclaration, s: MagicString, imports: string[], entries: Array<[string, string]>): void {
  if (st.declaration) {
    s.remove(st.start, st.declaration.start);
    for (const name of declaredNames(st.declaration)) entries.push([name, name]);
    return;
  }
  s.remove(st.start, st.end);
  if (st.source) {
    const local = `${REEXPORTED_MODULE}${imports.length}`;
    imports.push(`const ${local} = ${importCall(st.source.value)};`);
    for (const spec of st.specifiers) entries.push([exportName(spec.exported), `${local}[${JSON.stringify(exportName(spec.local))}]`]);
    return;
  }
  for (const spec of st.specifiers) entries.push([exportName(spec.exported), exportName(spec.local)]);
}

function rewriteDefaultExport(st: ExportDefaultDeclaration, s: MagicString, code: string): string {
  const decl = st.declaration;
  if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) {
    s.remove(st.start, decl.start);
    return decl.id.name;
  }
  s.overwrite(st.start, decl.start, `const ${DEFAULT_EXPORT} = `);
  if (code[st.end - 1] !== ';') s.appendLeft(st.end, ';');
  return DEFAULT_EXPORT;
}

function exportsObject(entries: Array<[string, string]>, stars: string[], entryIsCommonJs: boolean): string {
  const defaultEntry = entries.find(([name]) => name === 'default');
  if (entryIsCommonJs && defaultEntry) {
    // module.exports of a CommonJS entry holds the exports (`module.exports.default = function () {}`)
    return `((m) => m !== null && (typeof m === "object" || typeof m === "function") ? Object.assign(typeof m === "function" ? { default: m } : {}, m) : { default: m })(${defaultEntry[1]})`;
  }
  const parts = stars.map((m) => `...Object.fromEntries(Object.entries(${m}).filter((e) => e[0] !== "default"))`);
  for (const [name, value] of entries) parts.push(`${JSON.stringify(name)}: ${value}`);
  return `{ ${parts.join(', ')} }`;
}

function exportName(node: AnyNode): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'Literal') return String(node.value);
  return '';
}

function declaredNames(decl: AnyNode): string[] {
  if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) return [decl.id.name];
  if (decl.type !== 'VariableDeclaration') return [];
  const names: string[] = [];
  const visit = (p: AnyNode | null): void => {
    if (!p) return;
    if (p.type === 'Identifier') names.push(p.name);
    else if (p.type === 'ObjectPattern') for (const prop of p.properties) visit(prop.type === 'RestElement' ? prop.argument : prop.value);
    else if (p.type === 'ArrayPattern') for (const el of p.elements) visit(el);
    else if (p.type === 'AssignmentPattern') visit(p.left);
    else if (p.type === 'RestElement') visit(p.argument);
  };
  for (const d of decl.declarations) visit(d.id);
  return names;
}

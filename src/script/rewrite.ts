/**
 * Applies the inference to the bundle text with magic-string: `async` on
 * functions that block, `(await CALL)` around blocking calls, sequential
 * helpers for array callbacks, live `__ITER`, and `import.meta` / dynamic
 * `import()` of k6 modules. Overwrites must all happen before insertions
 * (magic-string drops text inserted into a range that is later overwritten),
 * hence the two functions.
 */
import { pathToFileURL } from 'node:url';
import type MagicString from 'magic-string';
import { hasOptionalLink } from './ast.ts';
import type { AnyNode, Identifier } from './ast.ts';
import type { CallSite, Collected } from './collect.ts';
import type { InferenceResult } from './infer.ts';
import { isExternalSpecifier } from './k6-modules.ts';
import { NOTE_THROW_SITE, SEQUENTIAL_ARRAY, SEQUENTIAL_ARRAY_OPTIONAL, VU_CONTEXT } from './factory-names.ts';

/** Inputs of the rewrite that are not part of the inference. */
export interface RewriteInput {
  readonly code: string;
  readonly collected: Collected;
  readonly inference: InferenceResult;
  /** free references to `__ITER` (not declared by the script) */
  readonly iterReferences: readonly Identifier[];
  /** original file of a bundle offset, for import.meta.url */
  readonly originalFile: (offset: number) => string | undefined;
  /** the user's file:line:column (1-based) of a bundle offset; undefined for generated code */
  readonly originalPosition: (offset: number) => { file: string; line: number; column: number } | undefined;
}

/** Replaces text ranges; call before insertAwaitsAndAsync. Returns whether array helpers are used. */
export function overwriteRanges(s: MagicString, input: RewriteInput): boolean {
  const { collected } = input;
  for (const id of input.iterReferences) {
    s.overwrite(id.start, id.end, collected.shorthands.has(id) ? `__ITER: ${VU_CONTEXT}.iter()` : `${VU_CONTEXT}.iter()`);
  }
  for (const meta of collected.importMetas) {
    const file = input.originalFile(meta.start);
    s.overwrite(meta.start, meta.end, `({ url: ${JSON.stringify(file ? pathToFileURL(file).href : '')} })`);
  }
  for (const imp of collected.dynamicImports) {
    const spec = imp.source.type === 'Literal' ? String(imp.source.value) : '';
    if (isExternalSpecifier(spec)) s.overwrite(imp.start, imp.end, `Promise.resolve(${VU_CONTEXT}.import(${JSON.stringify(spec)}))`);
  }
  let arrayHelpers = false;
  for (const site of input.inference.awaitSites) {
    if (!site.arrayRewrite || site.node.type !== 'CallExpression' || site.node.callee.type !== 'MemberExpression') continue;
    // `x.forEach(cb` → `x, cb`; the helper's name is inserted before `x` later
    s.overwrite(site.node.callee.object.end, site.node.arguments[0].start, ', ');
    arrayHelpers = true;
  }
  return arrayHelpers;
}

/** Inserts `(await …)`, helper calls and `async`; call after overwriteRanges. */
export function insertAwaitsAndAsync(s: MagicString, input: RewriteInput): void {
  const { code, inference } = input;
  const opening = [...inference.awaitSites].sort((a, b) => a.node.start - b.node.start || b.node.end - a.node.end);
  for (const site of opening) {
    const start = site.node.start;
    let text = site.awaited ? '' : '(await ';
    if (site.arrayRewrite && site.node.type === 'CallExpression') {
      text += `${hasOptionalLink(site.node) ? SEQUENTIAL_ARRAY_OPTIONAL : SEQUENTIAL_ARRAY}.${site.arrayMethod}(`;
    }
    if (text) s.appendLeft(start, separated(code, start, text));
  }
  // `.map(` of a rewritten `x.map(cb)` is gone; its helper already handles a nullish `x`
  const helperCallees = new Set<AnyNode>(inference.awaitSites.filter((site) => site.arrayRewrite).map((site) => site.callee));
  const closing = [...inference.awaitSites].sort((a, b) => a.node.end - b.node.end || b.node.start - a.node.start);
  for (const site of closing) {
    if (site.awaited) continue;
    s.appendLeft(site.node.end, ')');
    if (site.chainLink && !helperCallees.has(site.chainLink)) continueChain(s, code, site);
  }
  for (const ctx of inference.asyncContexts) {
    const at = ctx.methodKey ? methodKeyStart(code, ctx.methodKey.node, ctx.methodKey.computed) : ctx.fn!.start;
    s.appendRight(at, separated(code, at, 'async '));
  }
}

/**
 * `a?.b().c` with `a?.b()` awaited becomes `(await a?.b())?.c`: the link
 * after the wrapped call must stay optional or the chain would no longer
 * short-circuit on a nullish `a`.
 */
function continueChain(s: MagicString, code: string, site: CallSite): void {
  const link = site.chainLink as AnyNode;
  if (link.type === 'MemberExpression' && !link.computed) {
    let dot = site.node.end;
    while (dot < code.length && /\s/.test(code[dot])) dot++;
    s.appendLeft(dot, '?');
  } else {
    s.appendLeft(site.node.end, '?.');
  }
}

/** Where `async` goes before a method key: the key itself, or the `[` of a computed key. */
function methodKeyStart(code: string, key: AnyNode, computed: boolean): number {
  if (!computed) return key.start;
  let i = key.start - 1;
  while (i > 0 && code[i] !== '[') i--;
  return i;
}

/** Prefixes a space when the text would otherwise glue onto the identifier before it. */
function separated(code: string, at: number, text: string): string {
  return at > 0 && /[\w$]/.test(code[at - 1]) ? ` ${text}` : text;
}

/**
 * V8 keeps no location for a thrown value that is not an Error (`throw 'no
 * account'`, `throw { code: 42 }`), so `throw X` becomes
 * `throw (typeof __noteThrowSite === "function" ? __noteThrowSite : (v) => v)(X, "file", line, column)`
 * with X's position in the user's file: the runtime notes where the value was
 * thrown and returns it unchanged. The guard keeps a function whose source
 * runs elsewhere (a browser page's evaluate) working. `throw new FooError(…)`
 * is left as it is: its own stack says where. The insertions sit at X's
 * edges (prependLeft / appendRight), outside whatever else is inserted
 * there, so the order of the rewrite steps does not matter; call after
 * overwriteRanges. Returns whether any throw was rewritten.
 */
export function wrapThrows(s: MagicString, input: RewriteInput): boolean {
  let any = false;
  for (const st of input.collected.throws) {
    const arg = st.argument;
    if (arg.type === 'NewExpression' && arg.callee.type === 'Identifier' && /Error$/.test(arg.callee.name)) continue;
    const pos = input.originalPosition(arg.start);
    if (!pos) continue;
    // `throw a, b` throws b: kept one argument
    const [open, close] = arg.type === 'SequenceExpression' ? ['(', ')'] : ['', ''];
    s.prependLeft(arg.start, `(typeof ${NOTE_THROW_SITE} === "function" ? ${NOTE_THROW_SITE} : (v) => v)(${open}`);
    s.appendRight(arg.end, `${close}, ${JSON.stringify(pos.file)}, ${pos.line}, ${pos.column})`);
    any = true;
  }
  return any;
}

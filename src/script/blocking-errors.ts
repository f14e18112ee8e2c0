/**
 * The user-facing error for a blocking call in a place that cannot wait
 * (constructor, getter, setter, generator, sort comparator, field
 * initialiser, static block, default parameter), located in the user's file.
 */
import { ScriptError } from '../errors/index.ts';
import type { CallSite, ContextKind } from './collect.ts';
import type { BundleMap } from './source-map.ts';

const PLACES: Partial<Record<ContextKind, { where: string; why: string; fix: string }>> = {
  constructor: { where: 'inside a class constructor', why: 'constructors cannot wait', fix: 'move the call into a method' },
  'new-target': { where: 'inside a function that is called with `new`', why: 'constructors cannot wait', fix: 'call the function without `new` and return an object' },
  getter: { where: 'inside a getter', why: 'getters cannot wait', fix: 'make it a method and call it' },
  setter: { where: 'inside a setter', why: 'setters cannot wait', fix: 'make it a method and call it' },
  generator: { where: 'inside a generator function', why: 'generators cannot wait', fix: 'use an async generator (async function*) or a plain function' },
  'sort-comparator': { where: 'inside a sort comparator', why: '.sort() cannot wait for its comparator', fix: 'compute the values first, then sort' },
  'class-field': { where: 'in a class field initializer', why: 'field initializers cannot wait', fix: 'assign the field in a method' },
  'static-block': { where: 'in a class static block', why: 'static blocks cannot wait', fix: 'move the call into a function' },
  parameters: { where: 'in a default parameter value', why: 'parameter defaults cannot wait', fix: 'compute the value inside the function body' },
  'module-init': { where: 'at the top level of a module loaded with require()', why: 'module initialisation cannot wait', fix: 'move the call into a function, or load the module with import' },
};

/** The ScriptError for `site` (a surely-blocking call) in a context of `kind`. */
export function blockingContextError(site: CallSite, kind: ContextKind, code: string, map: BundleMap): ScriptError {
  const place = PLACES[kind] ?? { where: 'in a place that cannot wait', why: 'that place cannot wait', fix: 'move the call into a plain function' };
  const at = map.original(site.node.start);
  const message = `${calleeLabel(site, code, map)}() is called ${place.where}; Stampede runs it asynchronously, and ${place.why} — ${place.fix}`;
  return new ScriptError('E_SCRIPT_BLOCKING_CONTEXT', message, {
    hint: 'k6 calls such as http.get() and sleep() return Promises in Stampede; the compiler awaits them, which only plain functions and methods can do',
    location: at ? { file: at.file, line: at.line, column: at.column } : undefined,
  });
}

/** The callee as the user wrote it (`http.get`), undoing esbuild's renames of the leading identifier. */
function calleeLabel(site: CallSite, code: string, map: BundleMap): string {
  let text = code.slice(site.callee.start, site.callee.end).replace(/\s+/g, ' ');
  const lead = /^[A-Za-z_$][\w$]*/.exec(text);
  const original = lead ? map.original(site.callee.start)?.name : undefined;
  if (lead && original) text = original + text.slice(lead[0].length);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

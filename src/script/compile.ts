/**
 * compileScript: bundle (esbuild) → parse (acorn) → scope analysis → async
 * inference → rewrite (magic-string) → VU module factory, with the source
 * maps of both steps composed into one.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import MagicString from 'magic-string';
import { ScriptError } from '../errors/index.ts';
import { parseModule } from './ast.ts';
import { blockingContextError } from './blocking-errors.ts';
import { bundleScript, type Bundle } from './bundle.ts';
import { collect } from './collect.ts';
import { rewriteModuleSyntax, wrapFactory } from './factory.ts';
import { inferAsync } from './infer.ts';
import { insertAwaitsAndAsync, overwriteRanges, wrapThrows } from './rewrite.ts';
import { analyzeScopes } from './scope.ts';
import { BundleMap, composeMaps, type EncodedSourceMap } from './source-map.ts';
import { COMPILED_SCHEME } from './stack-mapper.ts';

/** A script compiled into a VU module factory (see index.ts for the contract). */
export interface CompiledScript {
  /** absolute path of the entry script */
  path: string;
  /** source of ONE JavaScript expression that evaluates to the VU module factory */
  code: string;
  /** filename to give vm.Script so stack frames can be mapped back */
  filename: string;
  /** composed source map (compiled code → user's original files), JSON-serialisable */
  sourceMap: object;
}

/**
 * Compiles the script at `entryPath` (relative to `opts.cwd`, default the
 * process's cwd). Throws ScriptError (exit 107) with the user's
 * file:line:column for missing files, bad imports, syntax errors and
 * blocking calls in places that cannot wait.
 */
export async function compileScript(entryPath: string, opts: { cwd?: string } = {}): Promise<CompiledScript> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const entry = path.resolve(cwd, entryPath);
  const info = await stat(entry).catch(() => undefined);
  if (info?.isDirectory()) throw await directoryError(entryPath, entry);
  if (!info?.isFile()) {
    throw new ScriptError('E_SCRIPT_NOT_FOUND', `script file not found: ${entry}`, { hint: 'check the path of the script to run' });
  }
  const bundle = await bundleScript(entry, cwd);
  const { code, map } = transformBundle(bundle);
  return { path: entry, code, filename: `${COMPILED_SCHEME}${entry}`, sourceMap: map };
}

const SCRIPT_FILE = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/;

/** The error for a directory given as the script: names the script files in it, if any. */
async function directoryError(entryPath: string, entry: string): Promise<ScriptError> {
  const names = (await readdir(entry, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isFile() && SCRIPT_FILE.test(d.name) && !/\.d\.[cm]?ts$/.test(d.name))
    .map((d) => d.name)
    .sort();
  const shown = names.slice(0, 5).map((n) => path.join(entryPath, n));
  const more = names.length > shown.length ? ` (and ${names.length - shown.length} more)` : '';
  const hint = shown.length > 0
    ? `name the script file inside it, e.g. ${shown.join(', ')}${more}`
    : 'name the script file to run (a .js or .ts file), not its directory';
  return new ScriptError('E_SCRIPT_IS_DIRECTORY', `the script path is a directory, not a file: ${entry}`, { hint });
}

/** Turns esbuild's bundle into the factory source and its composed map. */
export function transformBundle(bundle: Bundle): { code: string; map: EncodedSourceMap } {
  const { code } = bundle;
  const program = parseModule(code);
  const bundleMap = new BundleMap(code, bundle.map);
  const packageAt = (offset: number): string => bundleMap.packageAt(offset);
  const scopes = analyzeScopes(program);
  const collected = collect(program, packageAt);
  const inference = inferAsync(collected, scopes);
  if (inference.violation) throw blockingContextError(inference.violation.site, inference.violation.kind, code, bundleMap);

  const s = new MagicString(code);
  const shape = rewriteModuleSyntax(program, s, code, bundle.entryIsCommonJs);
  const input = {
    code, collected, inference,
    iterReferences: scopes.globals.filter((id) => id.name === '__ITER'),
    originalFile: (offset: number) => bundleMap.original(offset)?.file,
    originalPosition: (offset: number) => bundleMap.original(offset),
  };
  const arrayHelpers = overwriteRanges(s, input);
  insertAwaitsAndAsync(s, input);
  const throwSites = wrapThrows(s, input);
  wrapFactory(s, shape, { declared: scopes.topLevelNames, arrayHelpers, throwSites });
  const rewriteMap = s.generateMap({ hires: 'boundary', source: 'bundle.js', includeContent: false });
  return { code: s.toString(), map: composeMaps(rewriteMap as unknown as EncodedSourceMap, bundle.map) };
}

/**
 * Bundles the entry script and everything it imports into one ES module in
 * memory with esbuild. The modules Stampede provides (k6-modules.ts) and the
 * built-in jslib libraries stay external; remote URLs, k6 modules Stampede
 * does not provide yet, unknown `k6/*` modules and Node built-ins are
 * refused with a ScriptError at the import's file:line:column. A file that
 * ends with a `//# sourceMappingURL=` comment (inline `data:` map or a .map
 * file beside it, as webpack, tsc or esbuild write them) has that map chained
 * in by esbuild itself, so positions trace to the user's original sources.
 */
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { ScriptError } from '../errors/index.ts';
import { isK6Specifier, jslibSpecifierFor, moduleEntry, PROVIDED_MODULES } from './k6-modules.ts';
import type { EncodedSourceMap } from './source-map.ts';

/** esbuild's output: ESM code, its map (absolute source paths) and the entry's module format. */
export interface Bundle {
  readonly code: string;
  readonly map: EncodedSourceMap;
  /** the entry is CommonJS: its `module.exports` is the bundle's default export */
  readonly entryIsCommonJs: boolean;
}

interface RefusalDetail { code: string; hint: string }

const BUILTIN = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const EMPTY_NAMESPACE = 'stampede-empty';
const OUT_NAME = '.stampede-bundle.js';
/** A source named by a URL (`webpack:///…`, `file:///…`), not a path; a scheme of two letters or more, so never `C:\\`. */
const URL_SOURCE = /^[a-z][a-z0-9+.-]+:/i;

/** Bundles `entry` (absolute path); `cwd` is where relative paths in messages start. */
export async function bundleScript(entry: string, cwd: string): Promise<Bundle> {
  const outfile = path.join(path.dirname(entry), OUT_NAME);
  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry], bundle: true, write: false, metafile: true, outfile, absWorkingDir: cwd,
      format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], target: 'es2023',
      sourcemap: 'external', sourcesContent: false, logLevel: 'silent', charset: 'utf8', legalComments: 'none',
      plugins: [stampedeResolver()],
    });
  } catch (err) {
    throw toScriptError(err, cwd);
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const mapFile = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js || !mapFile) throw new ScriptError('E_SCRIPT_BUNDLE', 'esbuild produced no output for the script');
  const map = JSON.parse(mapFile.text) as EncodedSourceMap;
  const outDir = path.dirname(outfile);
  // a map the user's own bundler emitted (esbuild chains it in) may name URLs such as webpack:///./test1.ts: kept as they are
  map.sources = map.sources.map((s) => sourcePath(s, outDir));
  const entryInput = Object.entries(result.metafile.inputs).find(([p]) => path.resolve(cwd, p) === entry)?.[1];
  return { code: js.text, map, entryIsCommonJs: entryInput?.format === 'cjs' };
}

function sourcePath(s: string | null, outDir: string): string | null {
  if (s === null) return s;
  if (!URL_SOURCE.test(s)) return path.resolve(outDir, s);
  if (!s.startsWith('file:')) return s;
  try {
    return fileURLToPath(s);
  } catch {
    return s;
  }
}

function refuse(text: string, detail: RefusalDetail): esbuild.OnResolveResult {
  return { errors: [{ text, detail }] };
}

/** Resolves k6 modules, jslib URLs, file URLs and Node built-ins the Stampede way. */
function stampedeResolver(): esbuild.Plugin {
  return {
    name: 'stampede',
    setup(build) {
      build.onResolve({ filter: /^k6(\/|$)/ }, (args) => {
        const entry = moduleEntry(args.path);
        if (entry?.provided || !isK6Specifier(args.path)) return { path: args.path, external: true };
        if (entry) {
          return refuse(`k6 module "${args.path}" is not available in Stampede yet`, { code: 'E_SCRIPT_MODULE_NOT_PROVIDED', hint: entry.hint });
        }
        return refuse(`unknown k6 module "${args.path}"`, {
          code: 'E_SCRIPT_UNKNOWN_MODULE',
          hint: `Stampede provides ${PROVIDED_MODULES.filter(isK6Specifier).join(', ')}; k6 extensions (k6/x/…) are not supported`,
        });
      });
      // Stampede's own modules (stampede/chaos): provided like the k6 ones
      build.onResolve({ filter: /^stampede\/[a-z-]+$/ }, (args) => (moduleEntry(args.path)?.provided ? { path: args.path, external: true } : undefined));
      build.onResolve({ filter: /^https?:\/\// }, (args) => {
        const specifier = jslibSpecifierFor(args.path);
        if (specifier) return { path: specifier, external: true };
        return refuse(`remote module imports are not supported: ${args.path}`, {
          code: 'E_SCRIPT_REMOTE_IMPORT',
          hint: 'download the file next to your script (vendor it) and import it by relative path, e.g. import x from "./lib/module.js"',
        });
      });
      build.onResolve({ filter: /^file:\/\// }, (args) => ({ path: fileURLToPath(args.path) }));
      build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, async (args) => resolveBuiltin(build, args));
      build.onLoad({ filter: /.*/, namespace: EMPTY_NAMESPACE }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}

/**
 * Node built-ins: refused in the user's files; inside npm packages they
 * become empty modules (packages often reach for them only under Node),
 * unless a package of the same name is installed.
 */
async function resolveBuiltin(build: esbuild.PluginBuild, args: esbuild.OnResolveArgs): Promise<esbuild.OnResolveResult | undefined> {
  const name = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
  if (!BUILTIN.has(name) && !BUILTIN.has(args.path)) return undefined;
  if ((args.pluginData as { stampedeInner?: boolean } | undefined)?.stampedeInner) return undefined;
  if (!args.path.startsWith('node:')) {
    const installed = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { stampedeInner: true } });
    if (installed.errors.length === 0 && !installed.external) return { path: installed.path, namespace: installed.namespace, sideEffects: installed.sideEffects };
  }
  if (/[\\/]node_modules[\\/]/.test(args.importer)) return { path: args.path, namespace: EMPTY_NAMESPACE };
  return refuse(`k6 scripts cannot import Node built-ins; "${args.path}" is not available`, {
    code: 'E_SCRIPT_NODE_BUILTIN',
    hint: 'use the k6 modules instead (open() for files, k6/http for requests, k6/encoding, k6/crypto …)',
  });
}

/** Turns esbuild's failure into one ScriptError at the first error's position. */
function toScriptError(err: unknown, cwd: string): ScriptError {
  const errors = (err as { errors?: esbuild.Message[] }).errors;
  const first = errors?.[0];
  if (!first) return new ScriptError('E_SCRIPT_BUNDLE', `could not bundle the script: ${String(err)}`, { cause: err });
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  const loc = first.location;
  const location = loc ? { file: path.resolve(cwd, loc.file), line: loc.line, column: utf16Column(loc.lineText, loc.column) + 1 } : undefined;
  const detail = first.detail as Partial<RefusalDetail> | undefined;
  if (detail?.code && detail.hint) return new ScriptError(detail.code, first.text + more, { hint: detail.hint, location });
  const unresolved = /^Could not resolve "(.*)"/.exec(first.text);
  if (unresolved) {
    const spec = unresolved[1];
    const relative = spec.startsWith('.') || spec.startsWith('/');
    const hint = relative
      ? `no file at ${loc ? path.resolve(cwd, path.dirname(loc.file), spec) : spec}; check the path and the file extension`
      : `install "${spec}" with npm in a node_modules folder next to the script, or import a file by relative path ("./${spec}.js")`;
    return new ScriptError('E_SCRIPT_IMPORT_NOT_FOUND', `cannot find module "${spec}"${more}`, { hint, location });
  }
  return new ScriptError('E_SCRIPT_SYNTAX', first.text + more, { hint: 'fix the script at the position shown', location });
}

/** esbuild reports columns in UTF-8 bytes; editors and stack traces count UTF-16 units. */
function utf16Column(lineText: string, byteColumn: number): number {
  return Buffer.from(lineText, 'utf8').subarray(0, byteColumn).toString('utf8').length;
}

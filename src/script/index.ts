/**
 * script/: the script compiler. Bundles a k6 script (JS or TS, local files,
 * JSON, npm packages) with esbuild, infers which functions can reach a
 * blocking k6 call and rewrites them to async/await, and emits a VU module
 * factory plus a composed source map; maps runtime stack traces back to the
 * user's files. (Options extraction by running init code lives elsewhere.)
 *
 * The factory contract: `code` evaluates (vm.Script(code, { filename })
 * .runInThisContext()) to `async function (__vuContext) → exports`, where
 * the VU context (VuContext, factory-names.ts) supplies `import(specifier)`
 * (the provided modules of k6-modules.ts, shaped `{ default, ...named }`),
 * `vu`, `env`, `open(path, mode)`, `console`, `iter()` and `thrown(…)`. The
 * returned object holds every export of the script (`default`, `options`,
 * `setup`, `teardown`, `handleSummary`, …). Each call creates fresh module
 * state; the compiled code is shared.
 */
import type { CompiledScript } from './compile.ts';

export type { CompiledScript };
export { createStackMapper, COMPILED_SCHEME, type StackMapper } from './stack-mapper.ts';
export {
  MODULES, PROVIDED_MODULES, JSLIB_PREFIX, moduleEntry, isProvidedModule,
  type ModuleEntry, type ModuleSpecifier, type ProvidedModule, type BlockingRule, type ModuleBlocking,
} from './k6-modules.ts';
export type { VuContext } from './factory-names.ts';

/**
 * Compiles the script at `entryPath` (relative to `opts.cwd`, default the
 * process's cwd) into a VU module factory. Throws ScriptError (exit 107) with
 * the user's file:line:column for a missing file, bad imports, syntax errors
 * and blocking calls in places that cannot wait. The compiler (esbuild,
 * acorn, …) loads on first use, so worker threads that only map stacks never
 * load it.
 */
export async function compileScript(entryPath: string, opts?: { cwd?: string }): Promise<CompiledScript> {
  const compiler = await import('./compile.ts');
  return compiler.compileScript(entryPath, opts);
}

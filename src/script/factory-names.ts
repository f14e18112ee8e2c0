/**
 * The names the compiler writes into the compiled script, and the contract
 * of the VU context: the one argument the runtime passes to the VU module
 * factory (`async function (__vuContext) → exports`). Kept in one place so
 * the factory, the rewrite and the runtime agree on them.
 */

/** The factory's parameter: the VU this instance of the script belongs to (VuContext). */
export const VU_CONTEXT = '__vuContext';

/** Local bound to `__vuContext.thrown`: notes where a non-Error value was thrown (rewrite.ts wrapThrows). */
export const NOTE_THROW_SITE = '__noteThrowSite';

/** Locals holding the sequential array helpers (sequential-array.ts): `x.map(cb)` → `__sequentialArray.map(x, cb)`. */
export const SEQUENTIAL_ARRAY = '__sequentialArray';
/** The same helpers for `x?.map(cb)`, where a nullish `x` short-circuits. */
export const SEQUENTIAL_ARRAY_OPTIONAL = '__sequentialArrayOptional';

/** Local holding an `export default <expression>`. */
export const DEFAULT_EXPORT = '__defaultExport';

/** Prefix of the locals holding modules re-exported with `export { x } from '…'` (numbered). */
export const REEXPORTED_MODULE = '__reexportedModule';

/**
 * What a VU passes to the compiled factory, one per VU: its k6 module
 * instances, its globals (`__VU`, `__ENV`, `open`, `console`), its live
 * `__ITER`, and where non-Error values were thrown.
 */
export interface VuContext {
  /** a provided module's namespace bound to this VU, shaped `{ default, ...named }` (k6-modules.ts) */
  import(specifier: string): Record<string, unknown>;
  /** `__VU` */
  readonly vu: number;
  /** `__ENV` */
  readonly env: Record<string, string>;
  /** `open(path, mode)`: a file's contents, in the init context only */
  open(path: string, mode?: string): string | ArrayBuffer;
  /** the script's `console` */
  readonly console: unknown;
  /** `__ITER`, read live */
  iter(): number;
  /** notes where a non-Error value was thrown (the user's file, 1-based line and column) and returns it unchanged */
  thrown(value: unknown, file: string, line: number, column: number): unknown;
}

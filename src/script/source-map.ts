/**
 * Source-map plumbing: positions in esbuild's bundle traced back to the
 * user's files, and the composition of the bundle map with the rewrite map.
 */
import remapping from '@jridgewell/remapping';
import type { EncodedSourceMap } from '@jridgewell/remapping';
import { LineIndex } from './ast.ts';
import { TraceMap, tracePosition } from './trace.ts';

export type { EncodedSourceMap };

/** A position in a user's file: absolute path, 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** the original identifier name at this position, when esbuild renamed it */
  name?: string;
}

/** Package of code that esbuild generated itself (helpers such as `__commonJS`). */
export const GENERATED_PACKAGE = '<generated>';

/** Traces offsets in the bundle to the original files (sources must be absolute paths). */
export class BundleMap {
  readonly #lines: LineIndex;
  readonly #trace: TraceMap;
  readonly #packages = new Map<string, string>();

  constructor(code: string, map: EncodedSourceMap) {
    this.#lines = new LineIndex(code);
    this.#trace = new TraceMap(map);
  }

  /** The user's position of bundle offset `offset`, or undefined for generated code. */
  original(offset: number): SourcePosition | undefined {
    const { line, column } = this.#lines.position(offset);
    const pos = tracePosition(this.#trace, line, column);
    return pos && { file: pos.source, line: pos.line, column: pos.column + 1, name: pos.name };
  }

  /**
   * Which package the code at `offset` comes from: '' for the user's own
   * files, `node_modules/<name>` for npm packages, GENERATED_PACKAGE otherwise.
   */
  packageAt(offset: number): string {
    const file = this.original(offset)?.file;
    if (file === undefined) return GENERATED_PACKAGE;
    let pkg = this.#packages.get(file);
    if (pkg === undefined) {
      pkg = packageOfFile(file);
      this.#packages.set(file, pkg);
    }
    return pkg;
  }
}

function packageOfFile(file: string): string {
  const normalized = file.replaceAll('\\', '/');
  const at = normalized.lastIndexOf('/node_modules/');
  if (at === -1) return '';
  const rest = normalized.slice(at + '/node_modules/'.length).split('/');
  return `node_modules/${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
}

/**
 * Composes `outer` (compiled code → bundle) with `inner` (bundle → user's
 * files) into one plain, JSON-serialisable map from compiled code to the
 * user's files.
 */
export function composeMaps(outer: EncodedSourceMap, inner: EncodedSourceMap): EncodedSourceMap {
  const composed = remapping([outer, inner], () => null, { excludeContent: true });
  return JSON.parse(composed.toString()) as EncodedSourceMap;
}

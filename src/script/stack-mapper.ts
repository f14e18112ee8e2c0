/**
 * Maps errors thrown by compiled script code back to the user's files.
 * Runs inside worker threads from plain data (code, filename, source map):
 * no esbuild, no file system.
 */
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';
import { TraceMap, tracePosition } from './trace.ts';

/** Locates errors of one compiled script in the user's code. */
export interface StackMapper {
  /** first user frame, mapped; undefined if none */
  locate(err: unknown): { file: string; line: number; column: number } | undefined;
  /** the stack with compiled frames rewritten to original positions and Stampede-internal frames dropped */
  stack(err: unknown): string;
}

/** Prefix of the vm.Script filename of compiled scripts (`stampede-compiled:///abs/script.js`). */
export const COMPILED_SCHEME = 'stampede-compiled://';

interface Frame { line: string; mapped?: { file: string; line: number; column: number } }

/** Builds a StackMapper for a compiled script (`code` is accepted but not needed). */
export function createStackMapper(compiled: { code?: string; filename: string; sourceMap: object }): StackMapper {
  const { filename } = compiled;
  let trace: TraceMap | undefined;
  const map = (line: number, column: number): Frame['mapped'] => {
    trace ??= new TraceMap(compiled.sourceMap as EncodedSourceMap);
    const pos = tracePosition(trace, line, column - 1);
    return pos && { file: pos.source, line: pos.line, column: pos.column + 1 };
  };

  /** The frames of `stack` that point into the compiled script, mapped. */
  const frames = (stack: string): { header: string[]; frames: Frame[] } => {
    const header: string[] = [];
    const out: Frame[] = [];
    let inFrames = false;
    for (const line of stack.split('\n')) {
      if (!/^\s+at /.test(line)) {
        if (!inFrames) header.push(line);
        continue;
      }
      inFrames = true;
      const at = line.indexOf(`${filename}:`);
      if (at === -1) continue;
      const m = /^(\d+):(\d+)/.exec(line.slice(at + filename.length + 1));
      if (!m) continue;
      const mapped = map(Number(m[1]), Number(m[2]));
      if (!mapped) continue;
      const where = `${mapped.file}:${mapped.line}:${mapped.column}`;
      out.push({ line: line.slice(0, at) + where + line.slice(at + filename.length + 1 + m[0].length), mapped });
    }
    return { header, frames: out };
  };

  return {
    locate(err) {
      const stack = stackOf(err);
      return stack === undefined ? undefined : frames(stack).frames[0]?.mapped;
    },
    stack(err) {
      const stack = stackOf(err);
      if (stack === undefined) return String(err);
      const { header, frames: mapped } = frames(stack);
      return [...header, ...mapped.map((f) => f.line)].join('\n');
    },
  };
}

function stackOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const stack = (err as { stack?: unknown }).stack;
  return typeof stack === 'string' ? stack : undefined;
}

/** A script's error as it came over the worker boundary, made a user-facing ScriptError. */
import { ScriptError } from '../errors/index.ts';
import type { SerializedError } from '../workers/index.ts';
import { stackFrames } from '../lib/index.ts';

export function scriptErrorFrom(e: SerializedError, code: string, what: string): ScriptError {
  const stack = e.stack ? `\n${stackFrames(e.stack)}` : '';
  return new ScriptError(e.code ?? code, `${what}: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}${stack}`, {
    hint: e.hint,
    location: e.file ? { file: e.file, line: e.line, column: e.column } : undefined,
  });
}

/**
 * Turns exceptions thrown by compiled script code into plain data pointing at
 * the user's file:line:column (through the script's source map).
 */
import type { SerializedError } from '../workers/protocol.ts';

export interface ErrorLocator {
  locate(err: unknown): { file: string; line: number; column: number } | undefined;
  stack(err: unknown): string;
}

/** Plain-data form of `err` for postMessage, located in the user's code when possible. */
export function serializeError(err: unknown, locator?: ErrorLocator): SerializedError {
  if (!(err instanceof Error)) {
    return { message: `Uncaught ${typeof err === 'string' ? JSON.stringify(err) : String(err)}`, name: 'Error' };
  }
  const loc = safe(() => locator?.locate(err));
  const stack = safe(() => locator?.stack(err)) ?? err.stack;
  const e = err as Error & { code?: unknown; hint?: unknown };
  return {
    message: err.message,
    name: err.name,
    code: typeof e.code === 'string' ? e.code : undefined,
    hint: typeof e.hint === 'string' ? e.hint : undefined,
    stack,
    file: loc?.file,
    line: loc?.line,
    column: loc?.column,
  };
}

/** One line for a log: `Error: boom at script.js:10:11`. */
export function describeError(e: SerializedError): string {
  const where = e.file ? ` at ${e.file}:${e.line}:${e.column}` : '';
  return `${e.name && e.name !== 'Error' ? `${e.name}: ` : 'Error: '}${e.message}${where}`;
}

function safe<T>(fn: () => T): T | undefined {
  try { return fn(); } catch { return undefined; }
}

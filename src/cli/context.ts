/**
 * What commands get from the process: output streams, environment, TTY
 * facts and the Ctrl-C signal. main.ts builds it from process.*; tests can
 * build one by hand and run commands in-process.
 */
import { formatUserError } from '../errors/index.ts';

export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  isStdOutTTY: boolean;
  isStdErrTTY: boolean;
  /** aborted on the first Ctrl-C / SIGTERM */
  signal: AbortSignal;
}

/** Prints a user-facing error as k6 does: `ERRO[0000] message` plus hint. */
export function reportError(ctx: CliContext, err: unknown): void {
  ctx.stderr(`ERRO[0000] ${formatUserError(err)}\n`);
}

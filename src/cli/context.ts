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

/**
 * k6's colour rule: off with --no-color, NO_COLOR (set at all, as
 * no-color.org says) or a true K6_NO_COLOR; otherwise on only where the
 * stream is a terminal (the caller passes that fact).
 */
export function colorsDisabled(ctx: Pick<CliContext, 'env'>, noColorFlag = false): boolean {
  return noColorFlag || ctx.env.NO_COLOR !== undefined || /^(1|t|true)$/i.test(ctx.env.K6_NO_COLOR?.trim() ?? '');
}

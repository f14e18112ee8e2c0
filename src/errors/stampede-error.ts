import { ExitCode, type ExitCodeValue } from './exit-codes.ts';

/** Where in the user's input an error is: a file position or an option path. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  /** option path such as `scenarios.spike.stages[1].target` */
  optionPath?: string;
}

/**
 * The base of every error Stampede reports to a user. `code` is stable (tests
 * and docs refer to it), `hint` says what to do, `exitCode` is k6's.
 * The message never contains a stack trace of Stampede's internals.
 */
export class StampedeError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: ExitCodeValue;
  readonly location?: ErrorLocation;

  constructor(code: string, message: string, opts: { hint?: string; exitCode?: ExitCodeValue; location?: ErrorLocation; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'StampedeError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.generic;
    this.location = opts.location;
  }
}

/** Bad options: CLI flags, env vars, config file or `export const options`. Exit 104. */
export class ConfigError extends StampedeError {
  /** Every problem found, each already prefixed with its option path. */
  readonly problems: string[];
  constructor(problems: string[], hint?: string) {
    super('E_CONFIG', problems.length === 1 ? problems[0] : `${problems.length} problems in options:\n  ${problems.join('\n  ')}`, {
      exitCode: ExitCode.invalidConfig,
      hint,
      location: { optionPath: problems[0]?.split(': ')[0] },
    });
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The script could not be compiled or its init code threw. Exit 107. */
export class ScriptError extends StampedeError {
  constructor(code: string, message: string, opts: { hint?: string; location?: ErrorLocation; cause?: unknown } = {}) {
    super(code, message, { ...opts, exitCode: ExitCode.scriptException });
    this.name = 'ScriptError';
  }
}

/** Formats an error for a terminal: `file:line:col: message` then `hint: …`. */
export function formatUserError(err: unknown): string {
  if (err instanceof StampedeError) {
    const loc = err.location;
    const where = loc?.file ? `${loc.file}${loc.line ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : ''}: ` : '';
    return `${where}${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

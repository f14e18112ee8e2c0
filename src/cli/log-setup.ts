/**
 * Where `stampede run`'s log lines go and how they look: --log-output
 * (stderr, stdout, none, file=PATH), --log-format (text, json, raw),
 * --verbose (debug lines) and colour (only on a terminal, never with
 * --no-color / NO_COLOR / K6_NO_COLOR). Log lines reach the CLI as k6's text
 * lines (`WARN[0003] msg source=console`), from the main thread and the
 * workers alike; each is parsed back into a record and rendered here.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { formatUserError } from '../errors/index.ts';
import { formatLogRecord, parseLogLine } from '../lib/index.ts';
import { parseLogFormat, parseLogOutput, type LogFormat, type LogOutput, type RunFlags } from './args.ts';
import { colorsDisabled, type CliContext } from './context.ts';
import { ConfigError } from '../errors/index.ts';

export interface RunLogging {
  /** Writes `text` if it is a log line (true), else leaves it to the caller (false). */
  route(text: string): boolean;
  /** A user-facing error as an ERRO line, in the chosen format and place. */
  error(err: unknown): void;
  /** the summary on stdout may use colours */
  readonly summaryColors: boolean;
  /** the log file, for the writability check before the run */
  readonly file?: string;
  close(): Promise<void>;
}

/** The log settings of flags over K6_LOG_OUTPUT / K6_LOG_FORMAT; bad variables are a ConfigError (exit 104). */
function settings(flags: Pick<RunFlags, 'logOutput' | 'logFormat'>, env: CliContext['env']): { output: LogOutput; format: LogFormat } {
  const problems: string[] = [];
  const output = flags.logOutput ?? (env.K6_LOG_OUTPUT ? parseLogOutput(env.K6_LOG_OUTPUT, 'K6_LOG_OUTPUT', problems) : undefined) ?? { to: 'stderr' as const };
  const format = flags.logFormat ?? (env.K6_LOG_FORMAT ? parseLogFormat(env.K6_LOG_FORMAT, 'K6_LOG_FORMAT', problems) : undefined) ?? 'text';
  if (problems.length > 0) throw new ConfigError(problems, 'see `stampede run --help`');
  return { output, format };
}

/**
 * `clearProgress` erases the TTY progress block before a line goes to the
 * terminal. The file (file=PATH) is opened lazily, at the first line.
 */
export function setUpLogging(flags: Pick<RunFlags, 'logOutput' | 'logFormat' | 'verbose' | 'noColor'>, ctx: CliContext, clearProgress: () => void): RunLogging {
  const { output, format } = settings(flags, ctx.env);
  const off = colorsDisabled(ctx, flags.noColor);
  const colors = !off && format === 'text' && (output.to === 'stderr' ? ctx.isStdErrTTY : output.to === 'stdout' ? ctx.isStdOutTTY : false);
  let stream: WriteStream | undefined;
  const write = (line: string): void => {
    switch (output.to) {
      case 'none': return;
      case 'stdout': clearProgress(); ctx.stdout(line); return;
      case 'stderr': clearProgress(); ctx.stderr(line); return;
      case 'file':
        if (!stream) {
          stream = createWriteStream(output.path, { flags: 'a' });
          stream.on('error', (err) => ctx.stderr(`ERRO --log-output file=${output.path}: ${err.message}; log lines from here on are lost\n`));
        }
        stream.write(line);
    }
  };
  const route = (text: string): boolean => {
    const rec = parseLogLine(text);
    if (!rec) return false;
    if (rec.level === 'debug' && !flags.verbose) return true;
    write(`${formatLogRecord(rec, { format, colors })}\n`);
    return true;
  };
  return {
    route,
    error: (err) => { route(`ERRO[0000] ${formatUserError(err)}`); },
    summaryColors: !off && ctx.isStdOutTTY,
    ...(output.to === 'file' && { file: output.path }),
    close: () => new Promise<void>((resolve) => { if (stream) stream.end(() => resolve()); else resolve(); }),
  };
}

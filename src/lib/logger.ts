/**
 * k6-style log lines (`level=… msg=…` when not a TTY would be logfmt; we keep
 * k6's human form `WARN[0003] message`), with the elapsed seconds since the
 * logger's start. The sink is injected so tests and the CLI decide where
 * lines go; nothing here touches process.* directly.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogSink {
  (line: string, level: LogLevel): void;
}

const LABEL: Record<LogLevel, string> = { debug: 'DEBU', info: 'INFO', warn: 'WARN', error: 'ERRO' };

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** Creates a logger that prefixes `LEVL[ssss]` like k6 and drops debug unless verbose. */
export function createLogger(sink: LogSink, opts: { startMs?: number | (() => number); verbose?: boolean | (() => boolean); now?: () => number } = {}): Logger {
  const now = opts.now ?? Date.now;
  const fixedStart = typeof opts.startMs === 'number' ? opts.startMs : opts.startMs === undefined ? now() : undefined;
  // a function: the clock's zero may move (a worker learns the test's start after its init code ran)
  const startOf = typeof opts.startMs === 'function' ? opts.startMs : () => fixedStart!;
  const line = (level: LogLevel, msg: string): void => {
    if (level === 'debug' && !(typeof opts.verbose === 'function' ? opts.verbose() : opts.verbose)) return;
    const secs = Math.max(0, Math.floor((now() - startOf()) / 1000));
    sink(`${LABEL[level]}[${String(secs).padStart(4, '0')}] ${msg}`, level);
  };
  return {
    debug: (m) => line('debug', m),
    info: (m) => line('info', m),
    warn: (m) => line('warn', m),
    error: (m) => line('error', m),
  };
}

/** One log line taken apart: what --log-format needs. */
export interface LogRecord {
  level: LogLevel;
  msg: string;
  /** k6's `source` field (`console` for the script's console.* lines) */
  source?: string;
  /** the `[0003]` seconds, as printed */
  elapsed?: string;
}

const LEVEL_OF: Record<string, LogLevel> = { DEBU: 'debug', INFO: 'info', WARN: 'warn', ERRO: 'error' };
const LINE = /^(DEBU|INFO|WARN|ERRO)\[(\d+)\] ([\s\S]*?)(?: source=(\w+))?\n?$/;

/** Parses a `LEVL[ssss] message[ source=x]` line (as createLogger writes it); undefined for anything else. */
export function parseLogLine(line: string): LogRecord | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  return { level: LEVEL_OF[m[1]], elapsed: m[2], msg: m[3], ...(m[4] !== undefined && { source: m[4] }) };
}

/** k6's (logrus') level names in JSON, and the label colours of its text form on a terminal. */
const JSON_LEVEL: Record<LogLevel, string> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' };
const COLOR: Record<LogLevel, number> = { debug: 37, info: 36, warn: 33, error: 31 };

export type LogFormatName = 'text' | 'json' | 'raw';

/**
 * Renders a record (no trailing newline): `text` is k6's `WARN[0003] msg
 * source=console` (the label coloured only when `colors`), `json` one object
 * with k6's fields level, msg, time and source, `raw` the message alone.
 */
export function formatLogRecord(rec: LogRecord, opts: { format?: LogFormatName; colors?: boolean; now?: () => number } = {}): string {
  switch (opts.format ?? 'text') {
    case 'json':
      return JSON.stringify({ level: JSON_LEVEL[rec.level], msg: rec.msg, ...(rec.source !== undefined && { source: rec.source }), time: new Date((opts.now ?? Date.now)()).toISOString() });
    case 'raw':
      return rec.msg;
    default: {
      const label = opts.colors ? `\x1b[${COLOR[rec.level]}m${LABEL[rec.level]}\x1b[0m` : LABEL[rec.level];
      return `${label}[${rec.elapsed ?? '0000'}] ${rec.msg}${rec.source !== undefined ? ` source=${rec.source}` : ''}`;
    }
  }
}

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
export function createLogger(sink: LogSink, opts: { startMs?: number | (() => number); verbose?: boolean; now?: () => number } = {}): Logger {
  const now = opts.now ?? Date.now;
  const fixedStart = typeof opts.startMs === 'number' ? opts.startMs : opts.startMs === undefined ? now() : undefined;
  // a function: the clock's zero may move (a worker learns the test's start after its init code ran)
  const startOf = typeof opts.startMs === 'function' ? opts.startMs : () => fixedStart!;
  const line = (level: LogLevel, msg: string): void => {
    if (level === 'debug' && !opts.verbose) return;
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

/**
 * The run's own log lines in k6's shape (`WARN[0012] …`): the clock counts
 * whole seconds from the test's start, so lines written during teardown and
 * the summary say when they happened instead of starting again at 0000.
 */
export type RunLogLevel = 'info' | 'warn' | 'error';

const LEVEL = { info: 'INFO', warn: 'WARN', error: 'ERRO' } as const;

export class RunLog {
  readonly #write: (line: string) => void;
  #testStart: number | undefined;

  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  /** From now on the clock counts from `testStart` (before: 0000). */
  started(testStart: number): void {
    this.#testStart = testStart;
  }

  /** A line that already has its shape (the workers' own log lines). */
  raw(line: string): void {
    this.#write(line);
  }

  line(level: RunLogLevel, text: string): void {
    this.#write(`${LEVEL[level]}[${this.clock()}] ${text}`);
  }

  info(text: string): void { this.line('info', text); }
  warn(text: string): void { this.line('warn', text); }
  error(text: string): void { this.line('error', text); }

  /** k6's log clock: whole seconds since the test started, 4 digits. */
  clock(now = Date.now()): string {
    const s = this.#testStart === undefined ? 0 : Math.max(0, Math.floor((now - this.#testStart) / 1000));
    return String(s).padStart(4, '0');
  }
}

/**
 * The run's own log lines, through the one logger (lib/logger.ts) on the
 * test's clock: whole seconds from the test's start, so lines written during
 * teardown and the summary say when they happened instead of 0000.
 */
import { createLogger, type Logger } from '../lib/index.ts';

export type RunLogLevel = 'info' | 'warn' | 'error';

export class RunLog {
  readonly #write: (line: string) => void;
  readonly #logger: Logger;
  #testStart: number | undefined;

  constructor(write: (line: string) => void) {
    this.#write = write;
    // before the test starts, the clock reads 0000
    this.#logger = createLogger((line) => write(line), { startMs: () => this.#testStart ?? Date.now() });
  }

  /** From now on the clock counts from `testStart`. */
  started(testStart: number): void {
    this.#testStart = testStart;
  }

  /** A line that already has its shape (the workers' own log lines). */
  raw(line: string): void {
    this.#write(line);
  }

  line(level: RunLogLevel, text: string): void {
    this.#logger[level](text);
  }

  info(text: string): void { this.#logger.info(text); }
  warn(text: string): void { this.#logger.warn(text); }
  error(text: string): void { this.#logger.error(text); }
}

/**
 * Interruptible waits for toxics: every sleep and timer of one toxic
 * instance ends when the toxic is stopped (removed, or its connection
 * closed), so removing a toxic lets the data it held go on at once.
 */

export class Waits {
  #stopped = false;
  #wakers = new Set<() => void>();
  #timers = new Set<NodeJS.Timeout>();

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Resolves after `ms`, or at once when stopped. */
  sleep(ms: number): Promise<void> | void {
    if (this.#stopped || !(ms > 0)) return;
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakers.add(wake);
    });
  }

  /** Resolves when stopped. */
  untilStopped(): Promise<void> | void {
    if (this.#stopped) return;
    return new Promise((resolve) => {
      const wake = (): void => {
        this.#wakers.delete(wake);
        resolve();
      };
      this.#wakers.add(wake);
    });
  }

  /** Runs `fn` after `ms` unless stopped first; returns a canceller. */
  later(ms: number, fn: () => void): () => void {
    if (this.#stopped) return () => {};
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    this.#timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    };
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const wake of [...this.#wakers]) wake();
  }
}

/**
 * A toxic's one timed action (timeout's close, reset_peer's RST): it runs
 * `ms` after the attribute was set; a changed value restarts the count, as
 * a new toxic would; the same value leaves it running.
 */
export class TimedAction {
  readonly #waits: Waits;
  #ms = -1;
  #cancel: () => void = () => {};

  constructor(waits: Waits) {
    this.#waits = waits;
  }

  /** Runs `fn` `ms` from now (nothing when `fn` is undefined), unless `ms` is what it already counts. */
  set(ms: number, fn: (() => void) | undefined): void {
    if (ms === this.#ms) return;
    this.#ms = ms;
    this.#cancel();
    this.#cancel = fn ? this.#waits.later(ms, fn) : () => {};
  }
}

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

/**
 * A VU's pending asynchronous work — open WebSockets, k6/timers timers,
 * in-flight event handlers — which keeps its iteration running, as k6's
 * per-VU event loop does: an iteration ends when its function has returned
 * AND nothing it started is still pending.
 */
export class VuEventLoop {
  #pending = 0;
  #waiters: (() => void)[] = [];

  /** Marks work as pending; call the returned function (once or more) when it is done. */
  hold(): () => void {
    this.#pending++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#pending--;
      if (this.#pending === 0) this.#wake();
    };
  }

  get pending(): number {
    return this.#pending;
  }

  /** Undefined when nothing is pending (no await on the hot path); else resolves once all is done. */
  idle(): Promise<void> | undefined {
    if (this.#pending === 0) return undefined;
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

/**
 * Time as code that schedules work sees it: a monotonic `now()` in ms and
 * timers. Production code takes `systemClock`; unit tests take a
 * `ManualClock` and move time by hand, so a schedule is tested exactly and
 * without real sleeps (timing on a real machine is for integration tests
 * and benchmarks).
 */
export interface Clock {
  /** monotonic milliseconds (performance.now() for the system clock) */
  now(): number;
  setTimeout(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer | undefined): void;
}

/** An opaque timer handle. */
export type ClockTimer = { readonly __clockTimer: true } | NodeJS.Timeout;

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (t) => { if (t !== undefined) clearTimeout(t as NodeJS.Timeout); },
};

interface ManualTimer { readonly __clockTimer: true; at: number; seq: number; fn: () => void }

/** A clock that moves only when told; due timers fire in time order (then in the order they were set). */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<ManualTimer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const t: ManualTimer = { __clockTimer: true, at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.add(t);
    return t;
  }

  clearTimeout(timer: ClockTimer | undefined): void {
    this.#timers.delete(timer as ManualTimer);
  }

  /** Timers not fired yet. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, each at its own time. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.#timers) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = end;
  }
}

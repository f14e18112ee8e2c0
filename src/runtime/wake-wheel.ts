/**
 * The sleeps of every VU on one worker's event loop. VUs due in the same
 * millisecond share one timer: 10,000 VUs that each `sleep(1)` need about a
 * thousand timers a second instead of ten thousand, and a sleep allocates
 * only its promise — no Timeout, no closure, no AbortSignal listener of its
 * own. Those were a large part of what survived into the old generation at
 * 10,000 VUs, because a sleeping VU's garbage lives as long as its sleep
 * (bench/README.md, "Ten thousand VUs").
 *
 * A VU has one `Sleeper` for its whole life; `wake()` ends its sleep early
 * (the VU was interrupted). The wheel reports how late each sleeper woke
 * against the time it asked for: a late wake-up is the generator's own
 * event loop setting the pace, not the target.
 */

/** One VU's sleep slot; reused for every sleep of that VU. */
export class Sleeper {
  /** resolves the pending sleep; null when the VU is not sleeping */
  resolve: (() => void) | null = null;
  /** the bucket (whole ms, performance.now() clock) the pending sleep waits in */
  bucket = 0;
  /** the exact time the pending sleep asked to end */
  due = 0;
  /** called when a sleep ended on time or late (not when woken early) */
  readonly onWake: (latenessMs: number) => void;

  constructor(onWake: (latenessMs: number) => void = noop) {
    this.onWake = onWake;
  }
}

function noop(): void {}

/** The promise executor without a closure: the resolver is handed over through this slot. */
let capturedResolve: (() => void) | null = null;
function capture(resolve: () => void): void {
  capturedResolve = resolve;
}

export class WakeWheel {
  /** whole-ms due time → the sleepers waiting for it, in the order they went to sleep */
  readonly #buckets = new Map<number, Sleeper[]>();
  readonly #fire = (bucket: number): void => this.#wakeBucket(bucket);

  /**
   * Sleeps `ms` (at least one timer turn, as setTimeout, never less than
   * asked); resolves on time, late, or when woken. `sleeper` must not be
   * sleeping already (a VU with concurrent sleeps uses a sleeper for each).
   */
  sleep(sleeper: Sleeper, ms: number): Promise<void> {
    const now = performance.now();
    const due = now + (ms > 0 ? ms : 0);
    const bucket = Math.ceil(due);
    const promise = new Promise<void>(capture);
    sleeper.resolve = capturedResolve;
    capturedResolve = null;
    sleeper.bucket = bucket;
    sleeper.due = due;
    const waiting = this.#buckets.get(bucket);
    if (waiting !== undefined) waiting.push(sleeper);
    else {
      this.#buckets.set(bucket, [sleeper]);
      // whole milliseconds: Node keeps one timer list per distinct duration
      setTimeout(this.#fire, Math.ceil(bucket - now), bucket);
    }
    return promise;
  }

  /** Ends `sleeper`'s sleep now, if it is sleeping. */
  wake(sleeper: Sleeper): void {
    const resolve = sleeper.resolve;
    if (resolve === null) return;
    // its entry stays in the bucket; the bucket skips sleepers no longer waiting for it
    sleeper.resolve = null;
    resolve();
  }

  /** Sleepers waiting now (for tests and diagnostics). */
  get sleeping(): number {
    let n = 0;
    for (const list of this.#buckets.values()) for (const s of list) if (s.resolve !== null) n++;
    return n;
  }

  #wakeBucket(bucket: number): void {
    const list = this.#buckets.get(bucket);
    if (list === undefined) return;
    this.#buckets.delete(bucket);
    const now = performance.now();
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const resolve = s.resolve;
      if (resolve === null || s.bucket !== bucket) continue;
      s.resolve = null;
      s.onWake(now > s.due ? now - s.due : 0);
      resolve();
    }
  }
}

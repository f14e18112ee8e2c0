/**
 * A rate limit shared by threads: the state is one BigInt64 in a
 * SharedArrayBuffer (the next free slot, in µs since the epoch), so every
 * worker that holds the buffer draws from the same budget with one
 * compare-and-swap per call and no messages. Semantics are those of Go's
 * `rate.NewLimiter(r, 1)`, which k6 uses for its `rps` option: burst 1,
 * callers are spaced 1/r apart, an idle limiter saves nothing up.
 */

/** A fresh limiter state for `newSharedRateLimiter` in every thread (create it once, hand it to all). */
export function newRateLimitBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT);
}

/** Epoch time in µs with sub-ms resolution, comparable across threads. */
function nowMicros(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

export interface SharedRateLimiter {
  /**
   * Reserves the next slot and says how many ms the caller must wait before
   * it may go (0: at once). The slot is taken whether or not the caller goes.
   */
  reserve(): number;
}

/** A view of the shared `buffer` allowing `perSecond` calls per second, across every thread that shares it. */
export function newSharedRateLimiter(buffer: SharedArrayBuffer, perSecond: number, now: () => bigint = nowMicros): SharedRateLimiter {
  if (!(perSecond > 0)) throw new RangeError(`rate must be > 0, got ${perSecond}`);
  const slot = new BigInt64Array(buffer, 0, 1);
  const interval = BigInt(Math.max(1, Math.round(1e6 / perSecond)));
  return {
    reserve(): number {
      for (;;) {
        const t = now();
        const prev = Atomics.load(slot, 0);
        const start = prev > t ? prev : t;
        if (Atomics.compareExchange(slot, 0, prev, start + interval) === prev) return Number(start - t) / 1000;
      }
    },
  };
}

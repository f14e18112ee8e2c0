/** Resolves after `ms`; with a signal, resolves early (never rejects) when aborted. */
export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() { signal?.removeEventListener('abort', done); clearTimeout(t); resolve(); }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A short duration for log lines: `640ms`, `1.4s`, `12s` (whole seconds from 10 s on). */
export function formatShortMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

/** The error `withTimeout` rejects with when time ran out. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Settles as `value` does, or rejects with a TimeoutError (`message`, or
 * "timed out after N ms") once `ms` have passed. The timer never outlives
 * the race, so a settled promise keeps no process alive.
 */
export async function withTimeout<T>(value: T | Promise<T>, ms: number, message?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message ?? `timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(value), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `work` at most `ms`, never rejecting: whether it settled in time. What is left goes on unobserved. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await withTimeout(work.then(() => {}, () => {}), ms);
    return true;
  } catch {
    return false;
  }
}

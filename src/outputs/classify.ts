/**
 * How a write went, one rule for every network output and the push queue:
 *
 * - `ok`: a 2xx;
 * - `retry`: the backend is away, slow or busy — a 5xx, a 408, a 429, or a
 *   send that failed on the way (connection refused, reset, timed out);
 * - `refused`: the backend will refuse these samples again (malformed
 *   lines, bad labels, out-of-order data, refused credentials: any other
 *   4xx, or a 1xx/3xx from something that is not a write endpoint), so
 *   they are dropped and counted at once, not retried.
 *
 * A send tells the push queue "refused" by throwing a RefusedBatchError.
 */
export type Verdict = 'ok' | 'retry' | 'refused';

/**
 * What a send rejects with when the backend refused items for good.
 * `refused` says how many of the batch's samples that was (default: all);
 * the rest count as sent. `status` is the HTTP status, when there was one.
 */
export class RefusedBatchError extends Error {
  readonly refused: number | undefined;
  readonly status: number | undefined;
  constructor(message: string, refused?: number, status?: number) {
    super(message);
    this.name = 'RefusedBatchError';
    this.refused = refused;
    this.status = status;
  }
}

/** An HTTP status the backend answered, or what a send threw. */
export function classify(outcome: number | unknown): Verdict {
  if (typeof outcome === 'number') {
    if (outcome >= 200 && outcome < 300) return 'ok';
    if (outcome >= 500 || outcome === 408 || outcome === 429) return 'retry';
    return 'refused';
  }
  return outcome instanceof RefusedBatchError ? 'refused' : 'retry';
}

/**
 * Splitting a count over parts (VUs or pre-allocated VUs over workers): the
 * one place it is written. Parts differ by at most one and add up to the
 * total; part k takes the half-open range [startOf(k), startOf(k + 1)).
 */

/** Where part k of `parts` parts of `total` starts. */
export function partStart(total: number, k: number, parts: number): number {
  return Math.floor((total * k) / parts);
}

/** The size of part k of `total` split into `parts`. */
export function shareOf(total: number, k: number, parts: number): number {
  return partStart(total, k + 1, parts) - partStart(total, k, parts);
}

/**
 * Over how many workers an arrival-rate scenario is split: every taking-part
 * worker starts every P-th iteration of the schedule and holds its share of
 * the VUs, and there are never more parts than pre-allocated VUs (so each
 * part starts with one) nor than VUs at all. At least 1.
 */
export function arrivalParts(workers: number, preAllocatedVUs: number, maxVUs: number): number {
  return Math.max(1, Math.min(workers, preAllocatedVUs || maxVUs, maxVUs));
}

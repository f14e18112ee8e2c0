/**
 * Dense bucket counters for the histogram: a Float64Array that covers only
 * the range of bucket keys seen so far and grows (with slack) when a key
 * falls outside it. Adding to an existing range allocates nothing.
 */

const MIN_CAPACITY = 64;
const EMPTY = new Float64Array(0);

/** Counts per integer bucket key, for keys ≥ 1. Not a public export of metrics/. */
export class BucketStore {
  /** counts[i] belongs to key `offset + i` */
  #counts: Float64Array = EMPTY;
  #offset = 0;
  /** lowest and highest key with a count, or Infinity/-Infinity when empty */
  minKey = Infinity;
  maxKey = -Infinity;

  /** Adds `n` to the bucket `key`. */
  add(key: number, n: number): void {
    let i = key - this.#offset;
    if (i < 0 || i >= this.#counts.length) {
      this.#grow(key, key);
      i = key - this.#offset;
    }
    this.#counts[i] += n;
    if (key < this.minKey) this.minKey = key;
    if (key > this.maxKey) this.maxKey = key;
  }

  /** The count of bucket `key` (0 outside the covered range). */
  countAt(key: number): number {
    const i = key - this.#offset;
    return i >= 0 && i < this.#counts.length ? this.#counts[i] : 0;
  }

  /**
   * Makes room for keys `lo..hi` at once, so a merge that brings many new
   * keys grows the buffer once instead of once per key beyond the range.
   */
  reserve(lo: number, hi: number): void {
    if (lo > hi) return;
    if (lo - this.#offset >= 0 && hi - this.#offset < this.#counts.length) return;
    this.#grow(lo, hi);
  }

  /** Adds every bucket of `other` into this store. */
  addStore(other: BucketStore): void {
    this.reserve(other.minKey, other.maxKey);
    for (let key = other.minKey; key <= other.maxKey; key++) {
      const c = other.countAt(key);
      if (c !== 0) this.add(key, c);
    }
  }

  /** Empties the store but keeps its buffer for reuse. */
  clear(): void {
    if (this.minKey <= this.maxKey) this.#counts.fill(0, this.minKey - this.#offset, this.maxKey - this.#offset + 1);
    this.minKey = Infinity;
    this.maxKey = -Infinity;
  }

  /** Reallocates so the buffer covers the keys held and `from..to`, with slack on both sides. */
  #grow(from: number, to: number): void {
    const empty = this.minKey > this.maxKey;
    const lo = empty ? from : Math.min(this.minKey, from);
    const hi = empty ? to : Math.max(this.maxKey, to);
    const span = hi - lo + 1;
    const capacity = Math.max(MIN_CAPACITY, span + Math.max(32, span >> 1));
    const offset = lo - ((capacity - span) >> 1);
    const next = new Float64Array(capacity);
    if (!empty) {
      next.set(this.#counts.subarray(this.minKey - this.#offset, this.maxKey - this.#offset + 1), this.minKey - offset);
    }
    this.#counts = next;
    this.#offset = offset;
  }
}

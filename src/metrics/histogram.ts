/**
 * A mergeable log-bucket histogram in the DDSketch style: every value lands
 * in a bucket whose bounds are within 0.5% of each other, so any percentile
 * is within 1% (in practice 0.5%) relative error of the exact one. Count,
 * sum, min and max are exact. Memory is bounded by the range of values, not
 * their number: values from 1µs to 1h fit in about 2,900 buckets.
 */
import { BucketStore } from './bucket-store.ts';
import type { HistogramState } from './types.ts';

const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const INV_LOG_GAMMA = 1 / LOG_GAMMA;
/** Shifts bucket keys so every positive finite double (even subnormals) gets a key ≥ 1. */
const KEY_OFFSET = 80_000;
/** Bucket k covers (γ^(k-1), γ^k]; this factor gives the point within α of both ends. */
const REPRESENTATIVE_FACTOR = 2 / (1 + GAMMA);

function keyOf(magnitude: number): number {
  return Math.ceil(Math.log(magnitude) * INV_LOG_GAMMA) + KEY_OFFSET;
}

function representativeOf(key: number): number {
  return Math.exp((key - KEY_OFFSET) * LOG_GAMMA) * REPRESENTATIVE_FACTOR;
}

/**
 * The value a bucket of `HistogramState.buckets` stands for (what
 * percentiles report for a sample in it): `key` is signed as in the state,
 * negative keys holding negative values. Outputs that re-bucket a trend
 * (OpenTelemetry, Prometheus native histograms) read bucket values here.
 */
export function bucketValue(key: number): number {
  return key < 0 ? -representativeOf(-key) : representativeOf(key);
}

/** Read access to a histogram: what the store hands out of its live histograms. */
export type HistogramView = Readonly<Pick<Histogram, 'count' | 'sum' | 'min' | 'max' | 'percentile' | 'mean' | 'toState'>>;

/**
 * A histogram of numbers. `add()` allocates nothing once the value range is
 * covered; `merge()` accepts another Histogram or a serialised state.
 * Non-finite values (NaN, ±Infinity) are ignored.
 */
export class Histogram {
  /** number of values added */
  count = 0;
  /** exact sum of the values */
  sum = 0;
  /** exact smallest value (0 when empty) */
  min = 0;
  /** exact largest value (0 when empty) */
  max = 0;
  #zeros = 0;
  #positive = new BucketStore();
  /** negative values, keyed by the key of their magnitude */
  #negative = new BucketStore();

  /** Records one value. Hot path. */
  add(value: number): void {
    if (value - value !== 0) return; // NaN or ±Infinity
    if (this.count === 0) {
      this.min = value;
      this.max = value;
    } else if (value < this.min) this.min = value;
    else if (value > this.max) this.max = value;
    this.count++;
    this.sum += value;
    if (value > 0) this.#positive.add(keyOf(value), 1);
    else if (value < 0) this.#negative.add(keyOf(-value), 1);
    else this.#zeros++;
  }

  /** Adds everything recorded in `other` (a Histogram or a HistogramState) to this one. */
  merge(other: Histogram | HistogramState): void {
    if (other.count === 0) return;
    this.#mergeSummary(other.count, other.sum, other.min, other.max);
    if (other instanceof Histogram) {
      this.#zeros += other.#zeros;
      this.#positive.addStore(other.#positive);
      this.#negative.addStore(other.#negative);
      return;
    }
    this.#zeros += other.zeros;
    const b = other.buckets;
    // size each store once for the whole state (its keys are usually spread far apart)
    let posLo = Infinity, posHi = -Infinity, negLo = Infinity, negHi = -Infinity;
    for (let i = 0; i + 1 < b.length; i += 2) {
      const key = b[i];
      if (key > 0) {
        if (key < posLo) posLo = key;
        if (key > posHi) posHi = key;
      } else if (key < 0) {
        if (-key < negLo) negLo = -key;
        if (-key > negHi) negHi = -key;
      }
    }
    this.#positive.reserve(posLo, posHi);
    this.#negative.reserve(negLo, negHi);
    for (let i = 0; i + 1 < b.length; i += 2) {
      const key = b[i];
      if (key > 0) this.#positive.add(key, b[i + 1]);
      else if (key < 0) this.#negative.add(-key, b[i + 1]);
    }
  }

  /**
   * The p-th percentile (p in 0..100) the way k6 computes it: linear
   * interpolation between the two samples around rank p/100·(count-1),
   * each taken as its bucket's representative value clamped to [min, max].
   * p(0) is min, p(100) is max, and an empty histogram gives 0.
   */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    if (!(p > 0)) return this.min;
    if (p >= 100) return this.max;
    const rank = (p / 100) * (this.count - 1);
    const lower = Math.floor(rank);
    const a = this.#valueAtRank(lower);
    const fraction = rank - lower;
    if (fraction === 0) return a;
    return a + (this.#valueAtRank(lower + 1) - a) * fraction;
  }

  /** The exact mean, 0 when empty. */
  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** Empties the histogram, keeping its buffers for reuse. */
  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = 0;
    this.max = 0;
    this.#zeros = 0;
    this.#positive.clear();
    this.#negative.clear();
  }

  /** A plain, structured-cloneable copy of this histogram. */
  toState(): HistogramState {
    const buckets: number[] = [];
    const neg = this.#negative;
    for (let key = neg.maxKey; key >= neg.minKey; key--) {
      const c = neg.countAt(key);
      if (c !== 0) buckets.push(-key, c);
    }
    const pos = this.#positive;
    for (let key = pos.minKey; key <= pos.maxKey; key++) {
      const c = pos.countAt(key);
      if (c !== 0) buckets.push(key, c);
    }
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, zeros: this.#zeros, buckets };
  }

  /** Rebuilds a Histogram from `toState()` output. */
  static fromState(state: HistogramState): Histogram {
    const h = new Histogram();
    h.merge(state);
    return h;
  }

  #mergeSummary(count: number, sum: number, min: number, max: number): void {
    if (this.count === 0) {
      this.min = min;
      this.max = max;
    } else {
      if (min < this.min) this.min = min;
      if (max > this.max) this.max = max;
    }
    this.count += count;
    this.sum += sum;
  }

  /** The value of the sample at 0-based sorted position `rank`. */
  #valueAtRank(rank: number): number {
    let seen = 0;
    const neg = this.#negative;
    for (let key = neg.maxKey; key >= neg.minKey; key--) {
      seen += neg.countAt(key);
      if (seen > rank) return this.#clamp(-representativeOf(key));
    }
    seen += this.#zeros;
    if (seen > rank) return this.#clamp(0);
    const pos = this.#positive;
    for (let key = pos.minKey; key <= pos.maxKey; key++) {
      seen += pos.countAt(key);
      if (seen > rank) return this.#clamp(representativeOf(key));
    }
    return this.max;
  }

  #clamp(v: number): number {
    return v < this.min ? this.min : v > this.max ? this.max : v;
  }
}

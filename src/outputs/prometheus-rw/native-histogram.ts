/**
 * Our trend histogram → a Prometheus native (sparse, exponential) histogram.
 *
 * Ours is a log-bucket histogram whose bucket k spans (γ^(k-1), γ^k] with
 * γ ≈ 1.01005 (0.5 % relative accuracy); Prometheus' schema s has buckets
 * (2^((i-1)/2^s), 2^(i/2^s)], ratio 2^(2^-s) per bucket. No power-of-two
 * schema lines up with the γ grid, so no schema's buckets contain ours
 * exactly; the mapping is therefore: every one of our buckets goes whole
 * into the schema-8 bucket that holds its representative value (the value
 * our own percentiles report, within 0.5 % of every sample in it). Schema 8
 * is the finest Prometheus has (ratio 1.0027); with it, a quantile
 * Prometheus computes is off by at most its bucket width plus our 0.5 %,
 * under 0.8 % all told, where k6's own choice (schema 3, ratio 1.09) allows
 * 9 %. Ours are wider (×1.01 against ×1.0027), so no two of our buckets
 * land in the same schema-8 bucket: the native histogram has exactly as
 * many non-empty buckets as ours, never more. Counts, zeros and the sum are
 * exact; time trends are converted to seconds first (k6 does the same).
 */
import { bucketValue, type HistogramState, type ValueType } from '../../metrics/index.ts';
import { toBaseUnit } from './naming.ts';
import type { BucketSpan, NativeHistogram } from './write-request.ts';

/** The default schema; STAMPEDE_PROMETHEUS_RW_NATIVE_HISTOGRAM_SCHEMA picks a coarser one for backends that cap the bucket count. */
export const NATIVE_SCHEMA = 8;
/** client_golang's default zero-bucket width (2^-128): anything this close to 0 counts as a zero. */
export const ZERO_THRESHOLD = 2 ** -128;
/** Gaps up to this many empty buckets are filled with zero counts rather than opening a new span (cheaper on the wire). */
const MAX_FILLED_GAP = 2;

/** The index of the schema-`schema` bucket holding magnitude `v` (> 0): bucket i is (2^((i-1)/2^s), 2^(i/2^s)]. */
export function nativeBucketIndex(v: number, schema: number): number {
  return Math.ceil(Math.log2(v) * 2 ** schema);
}

/** Sorted bucket index → count into spans (small gaps filled with zeros) and deltas. */
export function spansAndDeltas(counts: ReadonlyMap<number, number>): { spans: BucketSpan[]; deltas: number[] } {
  const indexes = [...counts.keys()].sort((a, b) => a - b);
  const spans: BucketSpan[] = [];
  const deltas: number[] = [];
  let prevIndex = 0;
  let prevCount = 0;
  for (const idx of indexes) {
    const c = counts.get(idx)!;
    if (spans.length === 0) {
      spans.push({ offset: idx, length: 1 });
    } else {
      const gap = idx - prevIndex - 1;
      const span = spans[spans.length - 1];
      if (gap <= MAX_FILLED_GAP) {
        for (let i = 0; i < gap; i++) { deltas.push(-prevCount); prevCount = 0; }
        span.length += gap + 1;
      } else {
        spans.push({ offset: gap, length: 1 });
      }
    }
    deltas.push(c - prevCount);
    prevCount = c;
    prevIndex = idx;
  }
  return { spans, deltas };
}

/**
 * Converts a trend's cumulative histogram state into a native histogram in
 * the metric's base unit. With a schema coarser than 8, several of our
 * buckets share a Prometheus bucket and their counts add up.
 */
export function toNativeHistogram(state: HistogramState, contains: ValueType, schema = NATIVE_SCHEMA): NativeHistogram {
  const positive = new Map<number, number>();
  const negative = new Map<number, number>();
  let zeroCount = state.zeros;
  let count = state.zeros;
  const b = state.buckets;
  for (let i = 0; i + 1 < b.length; i += 2) {
    const n = b[i + 1];
    if (n <= 0) continue;
    count += n;
    const v = toBaseUnit(contains, bucketValue(b[i]));
    const magnitude = Math.abs(v);
    if (!(magnitude > ZERO_THRESHOLD)) { zeroCount += n; continue; }
    const into = v > 0 ? positive : negative;
    const idx = nativeBucketIndex(magnitude, schema);
    into.set(idx, (into.get(idx) ?? 0) + n);
  }
  const pos = spansAndDeltas(positive);
  const neg = spansAndDeltas(negative);
  return {
    count,
    sum: toBaseUnit(contains, state.sum),
    schema,
    zeroThreshold: ZERO_THRESHOLD,
    zeroCount,
    negativeSpans: neg.spans,
    negativeDeltas: neg.deltas,
    positiveSpans: pos.spans,
    positiveDeltas: pos.deltas,
  };
}

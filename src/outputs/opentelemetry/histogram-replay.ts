/**
 * Turns a Trend's aggregated delta (one HistogramState) back into values
 * to record into an OpenTelemetry Histogram, whose API records one value at
 * a time. The replayed values have exactly the delta's count, min and max,
 * and (up to floating-point rounding) its sum; each value sits within its
 * log bucket's ±0.5 %, so an OTel bucket count can differ from the raw
 * samples' only for samples within 0.5 % of a bucket boundary. (A trend
 * holding both negative and positive values keeps its sum within 0.5 %.)
 */
import { bucketValue, type HistogramState } from '../../metrics/index.ts';

/** [value, count] groups in ascending value order, each value clamped to [min, max]. */
function groupsOf(state: HistogramState): [number, number][] {
  const clamp = (v: number) => (v < state.min ? state.min : v > state.max ? state.max : v);
  const groups: [number, number][] = [];
  const b = state.buckets;
  // toState lists negative keys from the largest magnitude down, then positive keys upward
  for (let i = 0; i + 1 < b.length; i += 2) if (b[i] < 0) groups.push([clamp(bucketValue(b[i])), b[i + 1]]);
  if (state.zeros > 0) groups.push([clamp(0), state.zeros]);
  for (let i = 0; i + 1 < b.length; i += 2) if (b[i] > 0) groups.push([clamp(bucketValue(b[i])), b[i + 1]]);
  return groups;
}

/** Yields `state.count` values, smallest first; see the file header for what they keep exact. */
export function* replayHistogram(state: HistogramState): Generator<number, void, undefined> {
  const count = state.count;
  if (count <= 0) return;
  if (count === 1) { yield state.min; return; }
  const groups = groupsOf(state);
  // the smallest sample is the exact min and the largest the exact max
  if (groups.length > 0) groups[0][1]--;
  if (groups.length > 0) groups[groups.length - 1][1]--;
  // the middle values are scaled by one common factor (within the buckets' error) so the sum comes out exact
  let middleSum = 0;
  let hasNegative = false;
  let hasPositive = false;
  for (const [v, n] of groups) {
    if (n <= 0) continue;
    middleSum += v * n;
    if (v < 0) hasNegative = true;
    else if (v > 0) hasPositive = true;
  }
  const target = state.sum - state.min - state.max;
  let factor = middleSum !== 0 && !(hasNegative && hasPositive) ? target / middleSum : 1;
  if (!(Math.abs(factor - 1) <= 0.02)) factor = 1; // beyond the buckets' error: the state is not one histogram's, keep the representatives
  const clamp = (v: number) => (v < state.min ? state.min : v > state.max ? state.max : v);
  yield state.min;
  for (const [v, n] of groups) {
    const value = clamp(v * factor);
    for (let i = 0; i < n; i++) yield value;
  }
  yield state.max;
}

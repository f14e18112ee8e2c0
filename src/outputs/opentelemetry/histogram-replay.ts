/**
 * Turns a Trend's aggregated delta (one HistogramState) back into values
 * to record into an OpenTelemetry Histogram, whose API records one value at
 * a time. The replayed values have exactly the delta's count, min and max,
 * and (up to floating-point rounding) its sum; each value sits within its
 * log bucket's ±0.5 %, so an OTel bucket count can differ from the raw
 * samples' only for samples within 0.5 % of a bucket boundary. Where
 * clamping to [min, max] would move the sum (many samples at the min or
 * the max), the difference is shifted onto the middle values, which may
 * then leave their bucket by that little.
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
  const scaled: [number, number][] = groups.filter(([, n]) => n > 0).map(([v, n]) => [clamp(v * factor), n]);
  absorbResidual(scaled, target, state.min, state.max);
  yield state.min;
  for (const [value, n] of scaled) for (let i = 0; i < n; i++) yield value;
  yield state.max;
}

/**
 * Clamping to [min, max] (and a state that is not one histogram's) can
 * leave the middle values' sum off `target`; the rest is shifted onto the
 * groups, each kept within [min, max], so the replayed sum is the exact one.
 */
function absorbResidual(groups: [number, number][], target: number, min: number, max: number): void {
  let residual = target;
  for (const [v, n] of groups) residual -= v * n;
  for (const g of groups) {
    if (Math.abs(residual) <= Math.abs(target) * 1e-12) return;
    const [v, n] = g;
    const room = residual > 0 ? max - v : min - v; // the most one value may move, signed
    const shift = residual > 0 ? Math.min(residual / n, room) : Math.max(residual / n, room);
    g[0] = v + shift;
    residual -= shift * n;
  }
}

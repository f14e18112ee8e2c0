import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram } from '../../metrics/index.ts';
import { replayHistogram } from './histogram-replay.ts';

/** OTel's (and Go's) default explicit histogram boundaries, which k6's output uses. */
const OTEL_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

function replay(values: number[]): { raw: Histogram; out: number[] } {
  const raw = new Histogram();
  for (const v of values) raw.add(v);
  return { raw, out: [...replayHistogram(raw.toState())] };
}

function bucketCounts(values: number[]): number[] {
  const counts = new Array<number>(OTEL_BOUNDS.length + 1).fill(0);
  for (const v of values) {
    let i = OTEL_BOUNDS.findIndex((b) => v <= b);
    if (i < 0) i = OTEL_BOUNDS.length;
    counts[i]++;
  }
  return counts;
}

/** A deterministic pseudo-random stream (xorshift), so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

test('count, min and max are exact and the sum is exact to rounding', () => {
  const rnd = random(7);
  for (const n of [2, 3, 10, 1000, 20_000]) {
    const values = Array.from({ length: n }, () => Math.exp(rnd() * 9) / 10); // 0.1 ms … 810 ms, log-spread
    const { raw, out } = replay(values);
    assert.equal(out.length, n);
    assert.equal(Math.min(...out), raw.min);
    assert.equal(Math.max(...out), raw.max);
    const sum = out.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - raw.sum) <= 1e-9 * raw.sum, `n=${n}: ${sum} vs ${raw.sum}`);
  }
});

test('the sum stays exact when many samples sit at the min or the max (clamping would move it) and for merged deltas', () => {
  const rnd = random(11);
  const cases: number[][] = [
    [...Array.from({ length: 300 }, () => 1), 1.003, 1.004, 7.3],
    [0.25, ...Array.from({ length: 500 }, () => 40), ...Array.from({ length: 20 }, () => 40.1)],
    Array.from({ length: 2000 }, () => (rnd() < 0.7 ? 2 : 2 + rnd() * 0.02)),
  ];
  for (const values of cases) {
    const { raw, out } = replay(values);
    assert.equal(out.length, values.length);
    assert.ok(out.every((v) => v >= raw.min && v <= raw.max));
    const sum = out.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - raw.sum) <= 1e-9 * raw.sum, `${sum} vs ${raw.sum}`);
  }
  // the deltas of two workers merged into one state, as the main thread hands them over
  const a = new Histogram(); const b = new Histogram();
  for (let i = 0; i < 400; i++) { a.add(0.5 + rnd()); b.add(3 + rnd() * 50); }
  a.merge(b.toState());
  const merged = [...replayHistogram(a.toState())];
  assert.ok(Math.abs(merged.reduce((x, y) => x + y, 0) - a.sum) <= 1e-9 * a.sum);
});

test('each replayed value stays within its bucket, so OTel bucket counts match but for samples within 0.5% of a boundary', () => {
  const rnd = random(42);
  const values = Array.from({ length: 5000 }, () => rnd() * 1200);
  const { out } = replay(values);
  const sorted = [...values].sort((a, b) => a - b);
  const replayed = [...out].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) assert.ok(Math.abs(replayed[i] - sorted[i]) <= 0.011 * sorted[i] + 1e-9, `${replayed[i]} vs ${sorted[i]}`);
  const nearBoundary = values.filter((v) => OTEL_BOUNDS.some((b) => Math.abs(v - b) <= 0.011 * b)).length;
  const diff = bucketCounts(values).reduce((s, c, i) => s + Math.abs(c - bucketCounts(out)[i]), 0);
  assert.ok(diff <= 2 * nearBoundary, `${diff} samples moved bucket, ${nearBoundary} lie near a boundary`);
});

test('one sample, repeated values, zeros and negatives', () => {
  assert.deepEqual(replay([42.125]).out, [42.125]);
  assert.deepEqual(replay([7, 7, 7]).out, [7, 7, 7]);
  const zeros = replay([0, 0, 5, 0]);
  assert.deepEqual([...zeros.out].sort((a, b) => a - b), [0, 0, 0, 5]);
  const mixed = replay([-3.5, -1, 0, 2, 9.25]);
  assert.equal(mixed.out.length, 5);
  assert.equal(Math.min(...mixed.out), -3.5);
  assert.equal(Math.max(...mixed.out), 9.25);
  assert.ok(Math.abs(mixed.out.reduce((a, b) => a + b, 0) - 6.75) < 0.1);
  const negatives = replay([-10, -20, -30, -40]);
  assert.ok(Math.abs(negatives.out.reduce((a, b) => a + b, 0) + 100) < 1e-9);
});

test('an empty state replays nothing', () => {
  assert.deepEqual([...replayHistogram(new Histogram().toState())], []);
});

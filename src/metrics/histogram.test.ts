import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, bucketValue } from './histogram.ts';
import { mulberry32 } from '../lib/index.ts';

/** A deterministic PRNG so failures reproduce. */
const rng = mulberry32;

/** k6's exact percentile: linear interpolation over the sorted samples. */
function exactPercentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  if (sorted.length === 1) return sorted[0];
  const i = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(i)];
  const hi = sorted[Math.ceil(i)];
  return lo + (hi - lo) * (i - Math.floor(i));
}

const distributions: Record<string, (r: () => number) => number> = {
  uniform: (r) => 1 + r() * 999,
  exponential: (r) => -Math.log(1 - r()) * 120,
  lognormal: (r) => Math.exp(4 + 1.5 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())),
  'bimodal latency': (r) => (r() < 0.9 ? 20 + r() * 10 : 800 + r() * 400),
  'sub-millisecond': (r) => 0.001 + r() * 0.5,
};

const PERCENTILES = [1, 10, 25, 50, 75, 90, 95, 99, 99.9];

for (const [name, draw] of Object.entries(distributions)) {
  test(`percentiles within 1% of exact on ${name} data`, () => {
    const r = rng(name.length * 7919);
    const h = new Histogram();
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = draw(r);
      values.push(v);
      h.add(v);
    }
    values.sort((a, b) => a - b);
    for (const p of PERCENTILES) {
      const exact = exactPercentile(values, p);
      const got = h.percentile(p);
      assert.ok(Math.abs(got - exact) <= 0.01 * Math.abs(exact), `p(${p}) = ${got}, exact ${exact}`);
    }
    assert.equal(h.count, values.length);
    assert.equal(h.min, values[0]);
    assert.equal(h.max, values[values.length - 1]);
    assert.equal(h.percentile(0), values[0]);
    assert.equal(h.percentile(100), values[values.length - 1]);
    const exactSum = values.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(h.sum - exactSum) < 1e-6 * exactSum);
    assert.ok(Math.abs(h.mean() - exactSum / values.length) < 1e-6 * h.mean());
  });
}

test('small samples interpolate like k6', () => {
  const h = new Histogram();
  for (const v of [100, 200]) h.add(v);
  // k6: p(50) of [100, 200] = 150
  assert.ok(Math.abs(h.percentile(50) - 150) <= 1.5);
  const one = new Histogram();
  one.add(42);
  assert.equal(one.percentile(50), 42);
  assert.equal(one.percentile(95), 42);
});

test('empty histogram reports zeros', () => {
  const h = new Histogram();
  assert.equal(h.count, 0);
  assert.equal(h.percentile(95), 0);
  assert.equal(h.mean(), 0);
  assert.equal(h.min, 0);
  assert.equal(h.max, 0);
});

test('negative values and zeros are ordered correctly', () => {
  const h = new Histogram();
  const values = [-50, -10, -1, 0, 0, 0, 1, 10, 50];
  for (const v of values) h.add(v);
  assert.equal(h.min, -50);
  assert.equal(h.max, 50);
  assert.equal(h.percentile(50), 0);
  assert.ok(Math.abs(h.percentile(12.5) - -10) <= 0.1);
  assert.ok(Math.abs(h.percentile(87.5) - 10) <= 0.1);
  assert.equal(h.sum, 0);
});

test('non-finite values are ignored', () => {
  const h = new Histogram();
  h.add(NaN);
  h.add(Infinity);
  h.add(-Infinity);
  h.add(3);
  assert.equal(h.count, 1);
  assert.equal(h.sum, 3);
});

test('merging equals adding everything to one histogram', () => {
  const r = rng(42);
  const whole = new Histogram();
  const parts = [new Histogram(), new Histogram(), new Histogram()];
  for (let i = 0; i < 9000; i++) {
    const v = (r() - 0.2) * 1000;
    whole.add(v);
    parts[i % 3].add(v);
  }
  const viaObjects = new Histogram();
  const viaStates = new Histogram();
  for (const p of parts) {
    viaObjects.merge(p);
    viaStates.merge(p.toState());
  }
  for (const merged of [viaObjects, viaStates]) {
    assert.equal(merged.count, whole.count);
    assert.equal(merged.min, whole.min);
    assert.equal(merged.max, whole.max);
    assert.ok(Math.abs(merged.sum - whole.sum) < 1e-6);
    for (const p of PERCENTILES) assert.equal(merged.percentile(p), whole.percentile(p));
  }
  assert.deepEqual(Histogram.fromState(whole.toState()).toState(), whole.toState());
});

test('merging an empty histogram changes nothing', () => {
  const h = new Histogram();
  h.add(5);
  h.merge(new Histogram());
  h.merge(new Histogram().toState());
  assert.equal(h.count, 1);
  assert.equal(h.min, 5);
  const empty = new Histogram();
  empty.merge(h);
  assert.equal(empty.min, 5);
  assert.equal(empty.max, 5);
});

test('memory stays bounded: state size depends on value range, not sample count', () => {
  const h = new Histogram();
  const r = rng(7);
  for (let i = 0; i < 200_000; i++) h.add(1 + r() * 9999);
  const buckets = h.toState().buckets.length / 2;
  // 1..10000 spans ln(10000)/ln(1.01005) ≈ 921 buckets
  assert.ok(buckets <= 930, `buckets: ${buckets}`);
});

test('reset empties but the histogram keeps working', () => {
  const h = new Histogram();
  for (let i = 1; i <= 100; i++) h.add(i);
  h.reset();
  assert.equal(h.count, 0);
  assert.deepEqual(h.toState().buckets, []);
  h.add(7);
  assert.equal(h.percentile(50), 7);
});

test('extreme magnitudes are representable', () => {
  const h = new Histogram();
  for (const v of [Number.MIN_VALUE, 1e-300, 1e300, Number.MAX_VALUE]) h.add(v);
  assert.equal(h.count, 4);
  assert.ok(h.toState().buckets.every((k, i) => i % 2 === 1 || k >= 1));
  assert.equal(h.percentile(100), Number.MAX_VALUE);
});

test('bucketValue is the value percentiles report for a sample in that bucket, sign included', () => {
  for (const v of [0.37, 1, 12.5, 980, -4.2]) {
    const h = new Histogram();
    h.add(v);
    const key = h.toState().buckets[0];
    const probe = Histogram.fromState({ count: 1, sum: 0, min: -Infinity, max: Infinity, zeros: 0, buckets: [key, 1] });
    assert.equal(bucketValue(key), probe.percentile(50));
    assert.ok(Math.abs(bucketValue(key) - v) <= Math.abs(v) * 0.005 + 1e-12, `${v} within 0.5 %`);
  }
});

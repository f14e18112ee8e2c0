import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSink, addToSink, sinkStat, sinkValues, sinkFromState, sinkSampleCount } from './sinks.ts';
import type { MetricType, SinkState } from './types.ts';

const opts = { durationMs: 2000, trendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'count', 'p(99.9)'] };

function filled(type: MetricType, values: number[], t0 = 0): SinkState {
  const s = createSink(type);
  values.forEach((v, i) => addToSink(s, v, t0 + i));
  return s.toState();
}

test('counter reports count and per-second rate', () => {
  assert.deepEqual(sinkValues(filled('counter', [1, 2, 3, 4]), opts), { count: 10, rate: 5 });
  assert.deepEqual(sinkValues(filled('counter', [1]), { ...opts, durationMs: 0 }), { count: 1, rate: 0 });
});

test('gauge reports the last value and min/max', () => {
  assert.deepEqual(sinkValues(filled('gauge', [5, 1, 9, 3]), opts), { value: 3, min: 1, max: 9 });
});

test('rate counts non-zero values as passes', () => {
  assert.deepEqual(sinkValues(filled('rate', [1, 0, 1, 1]), opts), { rate: 0.75, passes: 3, fails: 1 });
  assert.deepEqual(sinkValues(createSink('rate'), opts), { rate: 0, passes: 0, fails: 0 });
});

test('trend reports the requested stats under k6 names', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  const v = sinkValues(filled('trend', values), opts);
  assert.deepEqual(Object.keys(v), opts.trendStats);
  assert.equal(v.avg, 50.5);
  assert.equal(v.min, 1);
  assert.equal(v.max, 100);
  assert.equal(v.count, 100);
  assert.ok(Math.abs(v.med - 50.5) < 0.5);
  assert.ok(Math.abs(v['p(95)'] - 95.05) < 0.5);
  assert.ok(Math.abs(v['p(99.9)'] - 99.9) < 0.5);
});

test('a live trend sink gives the same values as its state', () => {
  const live = createSink('trend');
  for (let i = 1; i <= 50; i++) live.add(i * 3, 0);
  assert.deepEqual(sinkValues(live, opts), sinkValues(live.toState(), opts));
});

test('invalid trend stat is rejected', () => {
  assert.throws(() => sinkValues(filled('trend', [1]), { ...opts, trendStats: ['p95'] }), /invalid trend stat "p95"/);
});

test('NaN samples are ignored by every sink type', () => {
  for (const type of ['counter', 'gauge', 'rate', 'trend'] as const) {
    const s = createSink(type);
    s.add(NaN, 0);
    assert.equal(s.samples(), 0, type);
  }
});

/** `into` (a plain state) with `from` merged in, through a live sink. */
function merged(into: SinkState, from: SinkState): SinkState {
  const live = sinkFromState(into);
  live.mergeState(from);
  return live.toState();
}

test('merge: counters and rates add', () => {
  assert.deepEqual(merged(filled('counter', [1, 2]), filled('counter', [3])), { type: 'counter', sum: 6, count: 3 });
  assert.deepEqual(merged(filled('rate', [1, 0]), filled('rate', [1, 1])), { type: 'rate', trues: 3, total: 4 });
});

test('merge: gauge keeps the later value and the overall min/max', () => {
  const early = filled('gauge', [10, 2], 1000);
  const late = filled('gauge', [50, 7], 5000);
  assert.deepEqual(sinkValues(merged(early, late), opts), { value: 7, min: 2, max: 50 });
  assert.deepEqual(sinkValues(merged(late, early), opts), { value: 7, min: 2, max: 50 });
  assert.deepEqual(sinkValues(merged(createSink('gauge').toState(), early), opts), { value: 2, min: 2, max: 10 });
  const live = sinkFromState(late);
  live.mergeLive(sinkFromState(early));
  assert.deepEqual(sinkValues(live, opts), { value: 7, min: 2, max: 50 });
});

test('merge: trends merge like one sink fed everything', () => {
  const a = merged(filled('trend', [1, 2, 3]), filled('trend', [100, 200]));
  assert.deepEqual(sinkValues(a, opts), sinkValues(filled('trend', [1, 2, 3, 100, 200]), opts));
  assert.equal(sinkSampleCount(a), 5);
});

test('merging different types throws', () => {
  assert.throws(() => merged(filled('counter', [1]), filled('rate', [1])), /cannot merge a rate sink into a counter sink/);
  assert.throws(() => sinkFromState(filled('trend', [1])).mergeState(filled('gauge', [1])));
  assert.throws(() => createSink('counter').mergeLive(createSink('rate')), /cannot merge a rate sink into a counter sink/);
  assert.throws(() => createSink('trend').mergeLive(createSink('gauge')), /cannot merge a gauge sink into a trend sink/);
});

test('sinkStat: one stat of any sink; NaN for a stat its type does not have', () => {
  assert.equal(sinkStat(filled('counter', [2, 3]), 'count', 1000), 5);
  assert.equal(sinkStat(filled('counter', [2, 3]), 'rate', 2000), 2.5);
  assert.equal(sinkStat(filled('gauge', [4, 9, 1]), 'value', 0), 1);
  assert.equal(sinkStat(filled('rate', [1, 0, 0, 0]), 'fails', 0), 3);
  assert.equal(sinkStat(filled('trend', [1, 2, 3]), 'avg', 0), 2);
  assert.equal(sinkStat(filled('trend', [1, 2, 3]), { name: 'p(1e2)', kind: 'percentile', p: 100 }, 0), 3);
  assert.ok(Number.isNaN(sinkStat(filled('counter', [1]), 'avg', 1000)));
  assert.ok(Number.isNaN(sinkStat(filled('gauge', [1]), 'rate', 1000)));
  assert.ok(Number.isNaN(sinkStat(filled('rate', [1]), 'count', 1000)));
  assert.ok(Number.isNaN(sinkStat(filled('trend', [1]), 'p95', 1000)));
});

test('reset empties a live sink', () => {
  const s = createSink('counter');
  s.add(5, 0);
  s.reset();
  assert.deepEqual(s.toState(), { type: 'counter', sum: 0, count: 0 });
});

test('merge: a gauge keeps its earliest value (first) whatever the merge order', () => {
  const early = filled('gauge', [10, 2], 1000);
  const late = filled('gauge', [50, 7], 5000);
  for (const [a, b] of [[early, late], [late, early]]) {
    const state = merged(a, b) as { first: number; firstTime: number; count: number };
    assert.deepEqual([state.first, state.firstTime, state.count], [10, 1000, 4]);
  }
});

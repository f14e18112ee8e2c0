/**
 * The sink contract: every sink type (counter, gauge, rate, trend) runs the
 * same suite. Adding, merging and serialising agree with each other, merging
 * is associative (two halves merged equal everything added to one sink), and
 * every stat `sinkStat` reports matches the exact value computed from the
 * raw samples (a trend's percentiles within the histogram's 1 % bound).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSink, sinkFromState, sinkSampleCount, sinkStat, sinkValues, SINK_STATS, type Sink } from './sinks.ts';
import type { MetricType, SinkState } from './types.ts';

/** A sample: value and the time (ms) it was taken. */
type Sample = [value: number, timeMs: number];

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Samples each type sees in real runs, in a shuffled time order (times unique). */
function samplesOf(type: MetricType, n: number, seed: number): Sample[] {
  const r = random(seed);
  const times = Array.from({ length: n }, (_, i) => 1000 + i * 7);
  for (let i = times.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [times[i], times[j]] = [times[j], times[i]];
  }
  return times.map((t, i): Sample => {
    switch (type) {
      case 'counter': return [i % 10 === 0 ? 0 : Math.round(r() * 5000), t]; // bytes, requests, zeros (integers: sums stay exact in any order)
      case 'gauge': return [Math.round(r() * 200) - 50, t]; // VUs, queue lengths, negative readings
      case 'rate': return [r() < 0.8 ? (i % 3 === 0 ? 1 : 5) : 0, t]; // any non-zero value is a pass
      case 'trend': {
        // latencies over six decades, some zeros and a few negative values (a custom trend may hold them)
        const v = Math.exp(r() * 14 - 4);
        return [i % 50 === 0 ? 0 : i % 37 === 0 ? -v : v, t];
      }
    }
  });
}

function fill(type: MetricType, samples: readonly Sample[]): Sink {
  const s = createSink(type);
  for (const [v, t] of samples) s.add(v, t);
  return s;
}

/** k6's percentile: linear interpolation between the samples around rank p/100·(n-1). */
function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];
const TREND_STATS = ['avg', 'min', 'med', 'max', 'count', ...PERCENTILES.map((p) => `p(${p})`)];
const DURATION_MS = 12_500;

/** Every stat of the type with its exact value from the raw samples. */
function exactStats(type: MetricType, samples: readonly Sample[]): Record<string, number> {
  const values = samples.map(([v]) => v);
  const sum = values.reduce((a, b) => a + b, 0);
  switch (type) {
    case 'counter': return { count: sum, rate: sum / (DURATION_MS / 1000) };
    case 'gauge': {
      const latest = samples.reduce((a, b) => (b[1] > a[1] ? b : a));
      return { value: latest[0], min: Math.min(...values), max: Math.max(...values) };
    }
    case 'rate': {
      const passes = values.filter((v) => v !== 0).length;
      return { rate: passes / values.length, passes, fails: values.length - passes };
    }
    case 'trend': {
      const sorted = [...values].sort((a, b) => a - b);
      const out: Record<string, number> = { avg: sum / values.length, min: sorted[0], max: sorted.at(-1)!, count: values.length, med: exactPercentile(sorted, 50) };
      for (const p of PERCENTILES) out[`p(${p})`] = exactPercentile(sorted, p);
      return out;
    }
  }
}

/** Stats that are exact for every type; a trend's percentiles (and med) are within 1 %. */
function assertStatsMatch(type: MetricType, actual: Record<string, number>, exact: Record<string, number>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(exact).sort());
  for (const [stat, want] of Object.entries(exact)) {
    const got = actual[stat];
    const approximate = type === 'trend' && (stat === 'med' || stat.startsWith('p('));
    const bound = approximate ? 0.01 * Math.abs(want) : 1e-9 * Math.max(1, Math.abs(want));
    assert.ok(Math.abs(got - want) <= bound, `${type} ${stat}: ${got} is not within ${approximate ? '1 %' : 'rounding'} of the exact ${want}`);
  }
}

const statsOf = (sink: Sink | SinkState) => sinkValues(sink, { durationMs: DURATION_MS, trendStats: TREND_STATS });

/** The state with a trend's floating-point sum left out (merging adds in another order). */
function comparable(state: SinkState): unknown {
  return state.type === 'trend' ? { ...state, hist: { ...state.hist, sum: undefined } } : state;
}

for (const type of ['counter', 'gauge', 'rate', 'trend'] as const) {
  describe(`sink contract: ${type}`, () => {
    const samples = samplesOf(type, 2000, 42);

    test('serialise → deserialise is the identity, and the state survives structured cloning (postMessage)', () => {
      const sink = fill(type, samples);
      const state = sink.toState();
      assert.deepEqual(sinkFromState(state).toState(), state);
      assert.deepEqual(sinkFromState(structuredClone(state)).toState(), state);
      assert.deepEqual(statsOf(sinkFromState(state)), statsOf(sink));
      assert.deepEqual(statsOf(state), statsOf(sink), 'the plain state reads the same as the live sink');
      assert.equal(sinkSampleCount(state), samples.length);
      assert.equal(sink.samples(), samples.length);
    });

    test('merging two halves equals adding everything to one sink (state and live, either order)', () => {
      const whole = fill(type, samples);
      const half = samples.length / 2;
      const a = samples.slice(0, half);
      const b = samples.slice(half);
      const viaState = fill(type, a);
      viaState.mergeState(fill(type, b).toState());
      const viaLive = fill(type, b);
      viaLive.mergeLive(fill(type, a));
      for (const merged of [viaState, viaLive]) {
        assert.deepEqual(comparable(merged.toState()), comparable(whole.toState()));
        assertStatsMatch(type, statsOf(merged), statsOf(whole));
      }
    });

    test('merging is associative: (a ∪ b) ∪ c equals a ∪ (b ∪ c), and an empty sink is neutral', () => {
      const third = Math.floor(samples.length / 3);
      const [a, b, c] = [samples.slice(0, third), samples.slice(third, 2 * third), samples.slice(2 * third)].map((s) => fill(type, s).toState());
      const left = sinkFromState(a);
      left.mergeState(b);
      left.mergeState(c);
      const bc = sinkFromState(b);
      bc.mergeState(c);
      const right = sinkFromState(a);
      right.mergeLive(bc);
      assert.deepEqual(comparable(left.toState()), comparable(right.toState()));
      const withEmpty = createSink(type);
      withEmpty.mergeState(createSink(type).toState());
      withEmpty.mergeLive(right);
      withEmpty.mergeState(createSink(type).toState());
      assert.deepEqual(withEmpty.toState(), right.toState());
    });

    test('every stat matches the exact computation over the raw samples', () => {
      const exact = exactStats(type, samples);
      const sink = fill(type, samples);
      assertStatsMatch(type, statsOf(sink), exact);
      for (const [stat, want] of Object.entries(exact)) {
        assert.equal(sinkStat(sink, stat, DURATION_MS), statsOf(sink)[stat], `sinkStat(${stat}) is what the summary reports`);
        if (type !== 'trend') assert.ok(Math.abs(sinkStat(sink, stat, DURATION_MS) - want) <= 1e-9 * Math.max(1, Math.abs(want)));
      }
      // the same over merged parts, as the store sees them from several workers
      const parts = [0, 1, 2, 3].map((w) => fill(type, samples.filter((_, i) => i % 4 === w)));
      const store = createSink(type);
      for (const p of parts) store.mergeState(p.toState());
      assertStatsMatch(type, statsOf(store), exact);
    });

    test('NaN is ignored, reset empties, and the stats of an empty sink are defined', () => {
      const sink = fill(type, samples.slice(0, 10));
      sink.add(NaN, 5);
      assert.equal(sink.samples(), 10);
      sink.reset();
      assert.equal(sink.samples(), 0);
      assert.deepEqual(sink.toState(), createSink(type).toState());
      const empty = statsOf(createSink(type));
      assert.deepEqual(Object.keys(empty), type === 'trend' ? TREND_STATS : SINK_STATS[type]);
      for (const [stat, v] of Object.entries(empty)) assert.equal(v, 0, `${type} ${stat} of an empty sink`);
    });

    test('a sink refuses to merge another type', () => {
      const other = type === 'counter' ? 'rate' : 'counter';
      assert.throws(() => createSink(type).mergeState(createSink(other).toState()), /cannot merge/);
      assert.throws(() => createSink(type).mergeLive(createSink(other)), /cannot merge/);
    });
  });
}

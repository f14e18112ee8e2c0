/**
 * Sinks: how one metric × tag set aggregates its samples, per k6 metric type.
 * A LiveSink is the mutable form used on hot paths (a trend keeps a live
 * Histogram); SinkState is the plain form that crosses threads.
 */
import { Histogram } from './histogram.ts';
import { trendStatResolver } from './trend-stats.ts';
import type { MetricType, SinkState } from './types.ts';

/** A mutable aggregate. `add` is the hot path and allocates nothing. */
export interface LiveSink {
  readonly type: MetricType;
  /** Records one sample; NaN is ignored. */
  add(value: number, timeMs: number): void;
  /** Adds a serialised sink of the same type (throws on a type mismatch). */
  mergeState(state: SinkState): void;
  /** Adds another live sink of the same type. */
  mergeLive(other: LiveSink): void;
  /** A plain, structured-cloneable copy. */
  toState(): SinkState;
  /** Empties the sink (keeps buffers). */
  reset(): void;
  /** Number of samples recorded. */
  samples(): number;
}

function mismatch(into: MetricType, from: MetricType): Error {
  return new Error(`cannot merge a ${from} sink into a ${into} sink`);
}

class CounterSink implements LiveSink {
  readonly type = 'counter' as const;
  sum = 0;
  count = 0;
  add(value: number): void {
    if (value !== value) return;
    this.sum += value;
    this.count++;
  }
  mergeState(s: SinkState): void {
    if (s.type !== 'counter') throw mismatch(this.type, s.type);
    this.sum += s.sum;
    this.count += s.count;
  }
  mergeLive(o: LiveSink): void { this.mergeState(o.toState()); }
  toState(): SinkState { return { type: 'counter', sum: this.sum, count: this.count }; }
  reset(): void { this.sum = 0; this.count = 0; }
  samples(): number { return this.count; }
}

class GaugeSink implements LiveSink {
  readonly type = 'gauge' as const;
  last = 0;
  min = 0;
  max = 0;
  lastTime = 0;
  count = 0;
  add(value: number, timeMs: number): void {
    if (value !== value) return;
    if (this.count === 0) {
      this.min = value;
      this.max = value;
    } else if (value < this.min) this.min = value;
    else if (value > this.max) this.max = value;
    if (timeMs >= this.lastTime || this.count === 0) {
      this.last = value;
      this.lastTime = timeMs;
    }
    this.count++;
  }
  mergeState(s: SinkState): void {
    if (s.type !== 'gauge') throw mismatch(this.type, s.type);
    if (s.count === 0) return;
    if (this.count === 0 || s.min < this.min) this.min = s.min;
    if (this.count === 0 || s.max > this.max) this.max = s.max;
    if (this.count === 0 || s.lastTime >= this.lastTime) {
      this.last = s.last;
      this.lastTime = s.lastTime;
    }
    this.count += s.count;
  }
  mergeLive(o: LiveSink): void { this.mergeState(o.toState()); }
  toState(): SinkState {
    return { type: 'gauge', last: this.last, min: this.min, max: this.max, lastTime: this.lastTime, count: this.count };
  }
  reset(): void { this.last = 0; this.min = 0; this.max = 0; this.lastTime = 0; this.count = 0; }
  samples(): number { return this.count; }
}

class RateSink implements LiveSink {
  readonly type = 'rate' as const;
  trues = 0;
  total = 0;
  add(value: number): void {
    if (value !== value) return;
    if (value !== 0) this.trues++;
    this.total++;
  }
  mergeState(s: SinkState): void {
    if (s.type !== 'rate') throw mismatch(this.type, s.type);
    this.trues += s.trues;
    this.total += s.total;
  }
  mergeLive(o: LiveSink): void { this.mergeState(o.toState()); }
  toState(): SinkState { return { type: 'rate', trues: this.trues, total: this.total }; }
  reset(): void { this.trues = 0; this.total = 0; }
  samples(): number { return this.total; }
}

class TrendSink implements LiveSink {
  readonly type = 'trend' as const;
  readonly hist = new Histogram();
  add(value: number): void { this.hist.add(value); }
  mergeState(s: SinkState): void {
    if (s.type !== 'trend') throw mismatch(this.type, s.type);
    this.hist.merge(s.hist);
  }
  mergeLive(o: LiveSink): void {
    if (o instanceof TrendSink) this.hist.merge(o.hist);
    else throw mismatch(this.type, o.type);
  }
  toState(): SinkState { return { type: 'trend', hist: this.hist.toState() }; }
  reset(): void { this.hist.reset(); }
  samples(): number { return this.hist.count; }
}

/** A new, empty live sink for a metric of `type`. */
export function createSink(type: MetricType): LiveSink {
  switch (type) {
    case 'counter': return new CounterSink();
    case 'gauge': return new GaugeSink();
    case 'rate': return new RateSink();
    case 'trend': return new TrendSink();
    default: throw new Error(`unknown metric type "${String(type)}"`);
  }
}

/** Records one sample into a live sink (hot path; mutates `sink`). */
export function addToSink(sink: LiveSink, value: number, timeMs: number): void {
  sink.add(value, timeMs);
}

/** A live sink holding exactly the contents of `state`. */
export function sinkFromState(state: SinkState): LiveSink {
  const sink = createSink(state.type);
  sink.mergeState(state);
  return sink;
}

/**
 * Merges `from` into `into`, both plain states of the same type (mutates
 * `into`): counters and rates add, a gauge keeps the value with the later
 * lastTime and the overall min/max, trends merge their histograms.
 */
export function mergeSink(into: SinkState, from: SinkState): void {
  if (into.type !== from.type) throw mismatch(into.type, from.type);
  if (into.type === 'trend' && from.type === 'trend') {
    const h = Histogram.fromState(into.hist);
    h.merge(from.hist);
    into.hist = h.toState();
    return;
  }
  const live = sinkFromState(into);
  live.mergeState(from);
  Object.assign(into, live.toState());
}

/** Number of samples in a plain sink state. */
export function sinkSampleCount(state: SinkState): number {
  switch (state.type) {
    case 'counter': return state.count;
    case 'gauge': return state.count;
    case 'rate': return state.total;
    case 'trend': return state.hist.count;
  }
}

/** Options for `sinkValues`. */
export interface SinkValuesOptions {
  /** test duration so far, for a counter's per-second rate */
  durationMs: number;
  /** k6 summaryTrendStats, e.g. ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'] */
  trendStats: readonly string[];
}

/**
 * The values k6 reports for a sink: counter {count, rate} (per second),
 * gauge {value, min, max}, rate {rate, passes, fails} (rate 0 when empty),
 * trend one entry per trend stat. Throws on an invalid trend stat.
 */
export function sinkValues(sink: SinkState | LiveSink, opts: SinkValuesOptions): Record<string, number> {
  if (sink instanceof TrendSink) return trendValues(sink.hist, opts.trendStats);
  const state = isLiveSink(sink) ? sink.toState() : sink;
  switch (state.type) {
    case 'counter':
      return { count: state.sum, rate: opts.durationMs > 0 ? state.sum / (opts.durationMs / 1000) : 0 };
    case 'gauge':
      return { value: state.last, min: state.min, max: state.max };
    case 'rate':
      return { rate: state.total > 0 ? state.trues / state.total : 0, passes: state.trues, fails: state.total - state.trues };
    case 'trend':
      return trendValues(Histogram.fromState(state.hist), opts.trendStats);
  }
}

/** True for a LiveSink, false for a plain SinkState. */
export function isLiveSink(sink: SinkState | LiveSink): sink is LiveSink {
  return typeof (sink as LiveSink).add === 'function';
}

/** The live histogram of a trend LiveSink, or a rebuilt one for a trend state; undefined for other types. */
export function histogramOf(sink: SinkState | LiveSink): Histogram | undefined {
  if (sink instanceof TrendSink) return sink.hist;
  if (!isLiveSink(sink) && sink.type === 'trend') return Histogram.fromState(sink.hist);
  return undefined;
}

function trendValues(hist: Histogram, stats: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stat of stats) {
    const resolve = trendStatResolver(stat);
    if (!resolve) throw new Error(`invalid trend stat "${stat}"; use avg, min, med, max, count or p(N)`);
    out[stat] = resolve(hist);
  }
  return out;
}

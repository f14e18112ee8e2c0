/**
 * Sinks: how one metric × tag set aggregates its samples, per k6 metric type.
 * Two forms, one per side of the thread boundary: a live sink (a class
 * here; a trend keeps a live Histogram) wherever samples are added or
 * merged, and SinkState, the plain form a worker posts to the main thread.
 * `sinkStat` is the one computation of a k6 stat (count, rate, p(95) …) of
 * either form: thresholds, the summary, the timeline and outputs read it.
 */
import { Histogram, type HistogramView } from './histogram.ts';
import { parseTrendStat, trendStatOf, type TrendStat } from './trend-stats.ts';
import type { HistogramState, MetricType, SinkState } from './types.ts';

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

/** Read access to a live counter. */
export interface CounterView { readonly type: 'counter'; readonly sum: number; readonly count: number }
/** Read access to a live gauge. */
export interface GaugeView { readonly type: 'gauge'; readonly last: number; readonly min: number; readonly max: number; readonly lastTime: number; readonly count: number; readonly first: number; readonly firstTime: number }
/** Read access to a live rate. */
export interface RateView { readonly type: 'rate'; readonly trues: number; readonly total: number }
/** Read access to a live trend. */
export interface TrendView { readonly type: 'trend'; readonly hist: HistogramView }
/**
 * Read access to a live sink, as the MetricStore hands it out: the same
 * fields as SinkState for counters, gauges and rates, and the live
 * histogram for a trend (no copy). Read it at once: the store keeps
 * merging into it.
 */
export type SinkView = CounterView | GaugeView | RateView | TrendView;

function mismatch(into: MetricType, from: MetricType): Error {
  return new Error(`cannot merge a ${from} sink into a ${into} sink`);
}

class CounterSink implements LiveSink, CounterView {
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
  mergeLive(o: LiveSink): void {
    if (!(o instanceof CounterSink)) throw mismatch(this.type, o.type);
    this.sum += o.sum;
    this.count += o.count;
  }
  toState(): SinkState { return { type: 'counter', sum: this.sum, count: this.count }; }
  reset(): void { this.sum = 0; this.count = 0; }
  samples(): number { return this.count; }
}

class GaugeSink implements LiveSink, GaugeView {
  readonly type = 'gauge' as const;
  last = 0;
  min = 0;
  max = 0;
  lastTime = 0;
  count = 0;
  /** the earliest value (a probe's reading before the load: the summary's start → end) */
  first = 0;
  firstTime = 0;
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
    if (timeMs < this.firstTime || this.count === 0) {
      this.first = value;
      this.firstTime = timeMs;
    }
    this.count++;
  }
  mergeState(s: SinkState): void {
    if (s.type !== 'gauge') throw mismatch(this.type, s.type);
    this.#merge(s);
  }
  mergeLive(o: LiveSink): void {
    if (!(o instanceof GaugeSink)) throw mismatch(this.type, o.type);
    this.#merge(o);
  }
  #merge(s: GaugeView): void {
    if (s.count === 0) return;
    if (this.count === 0 || s.min < this.min) this.min = s.min;
    if (this.count === 0 || s.max > this.max) this.max = s.max;
    if (this.count === 0 || s.lastTime >= this.lastTime) {
      this.last = s.last;
      this.lastTime = s.lastTime;
    }
    if (this.count === 0 || s.firstTime < this.firstTime) {
      this.first = s.first;
      this.firstTime = s.firstTime;
    }
    this.count += s.count;
  }
  toState(): SinkState {
    return { type: 'gauge', last: this.last, min: this.min, max: this.max, lastTime: this.lastTime, count: this.count, first: this.first, firstTime: this.firstTime };
  }
  reset(): void { this.last = 0; this.min = 0; this.max = 0; this.lastTime = 0; this.count = 0; this.first = 0; this.firstTime = 0; }
  samples(): number { return this.count; }
}

class RateSink implements LiveSink, RateView {
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
  mergeLive(o: LiveSink): void {
    if (!(o instanceof RateSink)) throw mismatch(this.type, o.type);
    this.trues += o.trues;
    this.total += o.total;
  }
  toState(): SinkState { return { type: 'rate', trues: this.trues, total: this.total }; }
  reset(): void { this.trues = 0; this.total = 0; }
  samples(): number { return this.total; }
}

class TrendSink implements LiveSink, TrendView {
  readonly type = 'trend' as const;
  readonly hist = new Histogram();
  add(value: number): void { this.hist.add(value); }
  mergeState(s: SinkState): void {
    if (s.type !== 'trend') throw mismatch(this.type, s.type);
    this.hist.merge(s.hist);
  }
  mergeLive(o: LiveSink): void {
    if (!(o instanceof TrendSink)) throw mismatch(this.type, o.type);
    this.hist.merge(o.hist);
  }
  toState(): SinkState { return { type: 'trend', hist: this.hist.toState() }; }
  reset(): void { this.hist.reset(); }
  samples(): number { return this.hist.count; }
}

/** A live sink of any type: both a LiveSink and, narrowed by `type`, its SinkView. */
export type Sink = CounterSink | GaugeSink | RateSink | TrendSink;

/** A new, empty live sink for a metric of `type`. */
export function createSink(type: MetricType): Sink {
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
export function sinkFromState(state: SinkState): Sink {
  const sink = createSink(state.type);
  sink.mergeState(state);
  return sink;
}

/** Number of samples in a sink, live or plain. */
export function sinkSampleCount(sink: SinkView | SinkState): number {
  switch (sink.type) {
    case 'counter': return sink.count;
    case 'gauge': return sink.count;
    case 'rate': return sink.total;
    case 'trend': return sink.hist.count;
  }
}

/** The stats k6 reports for counters, gauges and rates (a trend's are the summaryTrendStats). */
export const SINK_STATS: Readonly<Record<Exclude<MetricType, 'trend'>, readonly string[]>> = {
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
  rate: ['rate', 'passes', 'fails'],
};

/**
 * The value of one k6 stat of a sink, live or plain: counter `count`,
 * `rate` (per second of `durationMs`, 0 when it is 0); gauge `value` (the
 * latest), `min`, `max`; rate `rate` (0 when empty), `passes`, `fails`;
 * trend `avg`, `min`, `med`, `max`, `count`, `p(N)` (a name of k6's
 * summaryTrendStats grammar or an already parsed TrendStat). NaN when the
 * stat does not apply to the sink's type. A plain trend is turned into a
 * Histogram first: keep trends live where they are read repeatedly.
 */
export function sinkStat(sink: SinkView | SinkState, stat: string | TrendStat, durationMs: number): number {
  const name = typeof stat === 'string' ? stat : stat.name;
  switch (sink.type) {
    case 'counter':
      if (name === 'count') return sink.sum;
      if (name === 'rate') return durationMs > 0 ? sink.sum / (durationMs / 1000) : 0;
      return NaN;
    case 'gauge':
      if (name === 'value') return sink.last;
      if (name === 'min') return sink.min;
      if (name === 'max') return sink.max;
      return NaN;
    case 'rate':
      if (name === 'rate') return sink.total > 0 ? sink.trues / sink.total : 0;
      if (name === 'passes') return sink.trues;
      if (name === 'fails') return sink.total - sink.trues;
      return NaN;
    case 'trend': {
      const parsed = typeof stat === 'string' ? parseTrendStat(stat) : stat;
      return parsed === undefined ? NaN : trendStatOf(liveHistogram(sink.hist), parsed);
    }
  }
}

/** A trend's histogram as a live one: the store's as it is, a plain state's rebuilt. */
function liveHistogram(h: HistogramView | HistogramState): HistogramView {
  return typeof (h as HistogramView).percentile === 'function' ? h as HistogramView : Histogram.fromState(h as HistogramState);
}

/** Options for `sinkValues`. */
export interface SinkValuesOptions {
  /** test duration so far, for a counter's per-second rate */
  durationMs: number;
  /** k6 summaryTrendStats, e.g. ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'] */
  trendStats: readonly string[];
}

/**
 * The values k6 reports for a sink (`sinkStat` of each stat of its type):
 * counter {count, rate}, gauge {value, min, max}, rate {rate, passes,
 * fails}, trend one entry per trend stat. Throws on an invalid trend stat.
 */
export function sinkValues(sink: SinkView | SinkState, opts: SinkValuesOptions): Record<string, number> {
  const out: Record<string, number> = {};
  if (sink.type !== 'trend') {
    for (const stat of SINK_STATS[sink.type]) out[stat] = sinkStat(sink, stat, opts.durationMs);
    return out;
  }
  const hist = liveHistogram(sink.hist);
  for (const name of opts.trendStats) {
    const stat = parseTrendStat(name);
    if (!stat) throw new Error(`invalid trend stat "${name}"; use avg, min, med, max, count or p(N)`);
    out[name] = trendStatOf(hist, stat);
  }
  return out;
}

/** True for a LiveSink, false for a plain SinkState or a SinkView. */
export function isLiveSink(sink: SinkState | SinkView | LiveSink): sink is LiveSink {
  return typeof (sink as LiveSink).add === 'function';
}

/** The live histogram of a live trend sink; undefined for other types and plain states. */
export function histogramOf(sink: SinkState | SinkView | LiveSink): Histogram | undefined {
  return sink instanceof TrendSink ? sink.hist : undefined;
}

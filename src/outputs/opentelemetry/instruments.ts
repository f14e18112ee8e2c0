/**
 * k6 metrics → OpenTelemetry instruments, as k6's opentelemetry output
 * maps them: Counter → Float64 Counter, Gauge → Float64 Gauge, Trend →
 * Float64 Histogram, Rate → an Int64 Counter `<name>.total` whose
 * `condition` attribute is `zero` or `nonzero` (or, with
 * K6_OTEL_SINGLE_COUNTER_FOR_RATE=false, k6's older pair `<name>.occurred`
 * and `<name>.total`). Names get K6_OTEL_METRIC_PREFIX; time metrics carry
 * unit `ms`, data metrics `By`; tags become attributes (empty ones are left
 * out, as k6 does). Each call records one series' aggregated delta; a
 * trend's takes one histogram record per sample, so `recordSteps` hands
 * the work out a record at a time for the caller to slice.
 */
import { ValueType, type Attributes, type Counter, type Gauge, type Histogram, type Meter } from '@opentelemetry/api';
import type { MetricDefinition, SinkState, Tags, ValueType as K6ValueType } from '../../metrics/index.ts';
import { replayHistogram } from './histogram-replay.ts';

export interface InstrumentOptions {
  metricPrefix: string;
  singleCounterForRate: boolean;
}

/** k6's value type → the OTel unit k6 sends ('' for none). */
export function unitOf(contains: K6ValueType): string {
  return contains === 'time' ? 'ms' : contains === 'data' ? 'By' : '';
}

/** A tag set as OTel attributes; empty names and values are dropped, as k6 drops them. */
export function attributesOf(tags: Tags): Attributes {
  const attrs: Attributes = {};
  for (const k in tags) {
    const v = tags[k];
    if (k !== '' && v !== '' && v !== undefined) attrs[k] = v;
  }
  return attrs;
}

export class K6Instruments {
  readonly #meter: Meter;
  readonly #o: InstrumentOptions;
  readonly #counters = new Map<string, Counter>();
  readonly #gauges = new Map<string, Gauge>();
  readonly #histograms = new Map<string, Histogram>();

  constructor(meter: Meter, opts: InstrumentOptions) {
    this.#meter = meter;
    this.#o = opts;
  }

  /** Records one series' delta (a sink of the metric's type) with the series' attributes. */
  record(def: MetricDefinition, attrs: Attributes, sink: SinkState): void {
    const steps = this.recordSteps(def, attrs, sink);
    while (!steps.next().done) { /* each step records */ }
  }

  /** The same as `record`, one instrument call per step. */
  *recordSteps(def: MetricDefinition, attrs: Attributes, sink: SinkState): Generator<void, void, undefined> {
    const name = this.#o.metricPrefix + def.name;
    const unit = unitOf(def.contains);
    switch (sink.type) {
      case 'counter':
        if (sink.count > 0) this.#counter(name, unit, ValueType.DOUBLE).add(sink.sum, attrs);
        return;
      case 'gauge':
        // the exported gauge holds the last value of the export period, as recording every sample would leave it
        if (sink.count > 0) this.#gauge(name, unit).record(sink.last, attrs);
        return;
      case 'trend': {
        const histogram = this.#histogram(name, unit);
        for (const v of replayHistogram(sink.hist)) {
          histogram.record(v, attrs);
          yield;
        }
        return;
      }
      case 'rate':
        this.#recordRate(name, attrs, sink.trues, sink.total);
        return;
    }
  }

  #recordRate(name: string, attrs: Attributes, trues: number, total: number): void {
    if (total <= 0) return;
    const totalCounter = this.#counter(`${name}.total`, '', ValueType.INT);
    if (this.#o.singleCounterForRate) {
      if (trues > 0) totalCounter.add(trues, { ...attrs, condition: 'nonzero' });
      if (total - trues > 0) totalCounter.add(total - trues, { ...attrs, condition: 'zero' });
      return;
    }
    // k6's older pair: `.occurred` counts the non-zero samples (and appears only once one occurs), `.total` all of them
    if (trues > 0) this.#counter(`${name}.occurred`, '', ValueType.INT).add(trues, attrs);
    totalCounter.add(total, attrs);
  }

  #counter(name: string, unit: string, valueType: ValueType): Counter {
    let c = this.#counters.get(name);
    if (!c) {
      c = this.#meter.createCounter(name, unit ? { unit, valueType } : { valueType });
      this.#counters.set(name, c);
    }
    return c;
  }

  #gauge(name: string, unit: string): Gauge {
    let g = this.#gauges.get(name);
    if (!g) {
      g = this.#meter.createGauge(name, unit ? { unit, valueType: ValueType.DOUBLE } : { valueType: ValueType.DOUBLE });
      this.#gauges.set(name, g);
    }
    return g;
  }

  #histogram(name: string, unit: string): Histogram {
    let h = this.#histograms.get(name);
    if (!h) {
      h = this.#meter.createHistogram(name, unit ? { unit, valueType: ValueType.DOUBLE } : { valueType: ValueType.DOUBLE });
      this.#histograms.set(name, h);
    }
    return h;
  }
}

/**
 * The shapes that cross the sample pipe: VU → worker batcher → main-thread
 * store → thresholds, summary, outputs. Plain data only: every value here is
 * structured-cloneable so it can be posted between threads unchanged. The
 * exception is MetricsView, the main thread's read access to the store,
 * which hands out its live sinks (SinkView) rather than copies.
 */
import type { SinkView } from './sinks.ts';
import type { ExemplarDelta } from './exemplars.ts';

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** k6's `contains`: how values are displayed (`time` in ms, `data` in bytes). */
export type ValueType = 'default' | 'time' | 'data';

export interface MetricDefinition {
  name: string;
  type: MetricType;
  contains: ValueType;
}

/** Tag name → value. Treat as immutable once handed to the pipe. */
export type Tags = Readonly<Record<string, string>>;

/**
 * A mergeable log-bucket histogram's serialised state. `buckets` is a flat
 * list of [bucketIndex, count, bucketIndex, count, …]; indexes are signed
 * (negative values get their own range, zero has its own counter).
 */
export interface HistogramState {
  count: number;
  sum: number;
  min: number;
  max: number;
  zeros: number;
  buckets: number[];
}

/** The aggregated state of one metric for one tag set, per metric type. */
export type SinkState =
  | { type: 'counter'; sum: number; count: number }
  | { type: 'gauge'; last: number; min: number; max: number; lastTime: number; count: number; first: number; firstTime: number }
  | { type: 'rate'; trues: number; total: number }
  | { type: 'trend'; hist: HistogramState };

/** One metric × one tag set, aggregated over a batch period. */
export interface SeriesState {
  metric: string;
  tags: Tags;
  sink: SinkState;
}

/**
 * What a worker posts to the main thread every ~100 ms: the metric
 * definitions it has not sent before and the series that changed.
 * `points` is present only when an output asked for raw samples.
 */
export interface MetricBatch {
  definitions: MetricDefinition[];
  series: SeriesState[];
  points?: RawPoint[];
  /** the requests that entered the worker's exemplar lists since its last batch (exemplars.ts) */
  exemplars?: ExemplarDelta;
  /** wall-clock ms at which the batch was cut */
  time: number;
}

/**
 * A MetricBatch as a worker posts it (Batcher.cutForPipe): its series
 * packed into numbers (pipe-codec.ts), each naming its metric by index in
 * `metrics` and its tag set by a number the worker gave it; `tagSets`
 * brings the sets posted for the first time, `droppedTagSets` the numbers
 * the worker will not use again. TagSetTable turns it back into a
 * MetricBatch.
 */
export interface PipeBatch extends Omit<MetricBatch, 'series'> {
  metrics: string[];
  series: Float64Array;
  tagSets: [number, Tags][];
  droppedTagSets: number[];
}

/** A raw sample, for outputs that need every point (json, csv, influxdb). */
export interface RawPoint {
  metric: string;
  tags: Tags;
  value: number;
  /** wall-clock ms */
  time: number;
  /**
   * k6's sample metadata (e.g. `trace_id` from k6/experimental/tracing):
   * written by the outputs that show it, never part of the series (it is
   * high-cardinality by design). Absent when the sample has none.
   */
  metadata?: Readonly<Record<string, string>>;
}

/** One metric × one tag set in the store, with read access to its live sink. */
export interface SeriesView {
  metric: string;
  tags: Tags;
  sink: SinkView;
}

/**
 * Read access to everything the main thread has aggregated so far.
 * Reports, thresholds and outputs read through this; nothing else. Sinks
 * are the store's live ones (no copy, no histogram rebuilt): read them at
 * once, the store keeps merging into them.
 */
export interface MetricsView {
  /** every metric seen, in first-seen order */
  definitions(): MetricDefinition[];
  definition(name: string): MetricDefinition | undefined;
  /** every tag set seen for the metric, each with its aggregated sink */
  series(metric: string): readonly SeriesView[];
  /** the metric merged over all its tag sets; undefined when no sample arrived */
  total(metric: string): SinkView | undefined;
  /** merged over the tag sets whose tags include every pair in `filter` (a submetric); undefined when none matched */
  matching(metric: string, filter: Tags): SinkView | undefined;
}

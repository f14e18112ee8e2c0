/**
 * metrics/: the sample pipe's pure core. The built-in metrics (one
 * registry), histograms and sinks (how samples aggregate, and the one
 * computation of a stat of a sink), the trend-stat grammar, tag-set keys,
 * the worker-side Batcher, the exemplar lists (slowest and failed requests per name), the main-thread MetricStore (the MetricsView
 * everything reads), and thresholds (parse, evaluate, unknown metrics).
 * No I/O; imports only errors/ and lib/.
 */
export type {
  MetricType, ValueType, MetricDefinition, Tags, HistogramState, SinkState, SeriesState, SeriesView, MetricBatch, PipeBatch, RawPoint, MetricsView,
} from './types.ts';
export {
  BUILTIN_METRICS, EMITTED_BUILTIN_METRICS, K6_BUILTIN_METRIC_TYPES, SUMMARY_SECTION_ORDER, SUMMARY_HIDDEN_PREFIXES, builtinMetric, summarySection,
  type BuiltinMetric, type SummarySection,
} from './builtin.ts';
export { Histogram, bucketValue, type HistogramView } from './histogram.ts';
export {
  createSink, addToSink, sinkStat, sinkValues, sinkFromState, sinkSampleCount, isLiveSink, histogramOf, SINK_STATS,
  type LiveSink, type Sink, type SinkView, type CounterView, type GaugeView, type RateView, type TrendView, type SinkValuesOptions,
} from './sinks.ts';
export {
  parseTrendStat, trendStatOf, trendStatResolver, isValidTrendStat, percentileOf, DEFAULT_TREND_STATS,
  type TrendStat, type TrendStatResolver,
} from './trend-stats.ts';
export { tagKey, TagKeyInterner } from './tag-set.ts';
export { Batcher } from './batcher.ts';
export { TagSetTable } from './tag-set-table.ts';
export {
  ExemplarKeeper, slowestAcross, OTHER_NAMES, DEFAULT_EXEMPLAR_HEADERS, DEFAULT_EXEMPLARS_PER_NAME, DEFAULT_EXEMPLAR_NAMES,
  type Exemplar, type ExemplarDelta, type ExemplarGroup, type ExemplarReport, type ExemplarKeeperOptions,
} from './exemplars.ts';
export { MetricStore, OVERFLOW_TAGS, type MetricStoreOptions } from './store.ts';
export {
  parseThresholds, parseThresholdExpression, parseMetricKey, aggregationMismatch, METHODS_BY_TYPE,
  type ParsedThreshold, type ThresholdExpression, type ThresholdOperator, type MetricKey,
  type ThresholdInput, type ThresholdLongFormInput, type ParseThresholdsOptions,
} from './thresholds/parse.ts';
export { evaluateThresholds, aggregate, type ThresholdResult, type EvaluateOptions } from './thresholds/evaluate.ts';
export { unknownThresholdMetrics, unknownThresholdMetricsError, UNKNOWN_METRIC_HINT } from './thresholds/unknown-metrics.ts';
export { parseDurationMs } from './thresholds/duration.ts';

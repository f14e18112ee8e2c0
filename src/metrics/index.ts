/**
 * metrics/: the sample pipe's pure core. Histograms and sinks (how samples
 * aggregate), tag-set keys, the worker-side Batcher, the main-thread
 * MetricStore (the MetricsView everything reads), and thresholds (parse,
 * evaluate, unknown metrics). No I/O; imports only errors/ and lib/.
 */
export type {
  MetricType, ValueType, MetricDefinition, Tags, HistogramState, SinkState, SeriesState, MetricBatch, RawPoint, MetricsView,
} from './types.ts';
export { Histogram, bucketValue } from './histogram.ts';
export {
  createSink, addToSink, mergeSink, sinkValues, sinkFromState, sinkSampleCount, isLiveSink, histogramOf,
  type LiveSink, type SinkValuesOptions,
} from './sinks.ts';
export { trendStatResolver, isValidTrendStat, percentileOf, DEFAULT_TREND_STATS, type TrendStatResolver } from './trend-stats.ts';
export { tagKey, TagKeyInterner } from './tag-set.ts';
export { Batcher } from './batcher.ts';
export { MetricStore, OVERFLOW_TAGS, type MetricStoreOptions } from './store.ts';
export {
  parseThresholds, parseThresholdExpression, parseMetricKey, aggregationMismatch, METHODS_BY_TYPE,
  type ParsedThreshold, type ThresholdExpression, type ThresholdOperator, type MetricKey,
  type ThresholdInput, type ThresholdLongFormInput, type ParseThresholdsOptions,
} from './thresholds/parse.ts';
export { evaluateThresholds, aggregate, type ThresholdResult, type EvaluateOptions } from './thresholds/evaluate.ts';
export { unknownThresholdMetrics, unknownThresholdMetricsError, UNKNOWN_METRIC_HINT } from './thresholds/unknown-metrics.ts';
export { parseDurationMs } from './thresholds/duration.ts';
export { K6_BUILTIN_METRIC_TYPES } from './thresholds/builtin-types.ts';

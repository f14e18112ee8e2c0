/**
 * Evaluates parsed thresholds against what the store has aggregated so far.
 * Pure: reads a MetricsView, returns one result per threshold.
 */
import { ConfigError } from '../../errors/index.ts';
import { Histogram } from '../histogram.ts';
import { aggregationMismatch, type ParsedThreshold, type ThresholdOperator } from './parse.ts';
import type { MetricsView, SinkState } from '../types.ts';

/** The outcome of one threshold. */
export interface ThresholdResult {
  /** the metric key as written in options, e.g. `http_req_duration{status:200}` */
  metric: string;
  /** the expression as written, e.g. `p(95)<500` */
  source: string;
  /** false when crossed; true when satisfied or when there is no data (unless requireData) */
  ok: boolean;
  /** true when the (sub)metric had no sample */
  noData: boolean;
  /** the aggregated value compared, undefined when there is no data */
  value: number | undefined;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

/** Options for `evaluateThresholds`. */
export interface EvaluateOptions {
  /** elapsed test time, for a counter's `rate` */
  durationMs: number;
  /** a threshold without data fails instead of passing (k6 passes it) */
  requireData?: boolean;
}

/**
 * Evaluates every threshold, in the order given. Throws a ConfigError when
 * an aggregation does not fit a metric whose type only became known at run
 * time (e.g. `avg` on a custom Counter).
 */
export function evaluateThresholds(view: MetricsView, parsed: readonly ParsedThreshold[], opts: EvaluateOptions): ThresholdResult[] {
  checkTypes(view, parsed);
  const sinks = new Map<string, { sink: SinkState | undefined; hist?: Histogram }>();
  return parsed.map((t) => {
    let entry = sinks.get(t.metric);
    if (entry === undefined) {
      const sink = Object.keys(t.filter).length === 0 ? view.total(t.name) : view.matching(t.name, t.filter);
      entry = { sink, hist: sink?.type === 'trend' ? Histogram.fromState(sink.hist) : undefined };
      sinks.set(t.metric, entry);
    }
    const base = { metric: t.metric, source: t.source, abortOnFail: t.abortOnFail, delayAbortEvalMs: t.delayAbortEvalMs };
    if (entry.sink === undefined) return { ...base, ok: !opts.requireData, noData: true, value: undefined };
    const value = aggregate(entry.sink, entry.hist, t, opts.durationMs);
    return { ...base, ok: compare(value, t.operator, t.value), noData: false, value };
  });
}

function checkTypes(view: MetricsView, parsed: readonly ParsedThreshold[]): void {
  const problems: string[] = [];
  for (const t of parsed) {
    const def = view.definition(t.name);
    const mismatch = def && aggregationMismatch(t.aggregation, def.type, t.name);
    if (mismatch) problems.push(`thresholds[${JSON.stringify(t.metric)}] "${t.source}": ${mismatch}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The value of `threshold.aggregation` over a sink (NaN when it does not apply to the sink's type). */
export function aggregate(sink: SinkState, hist: Histogram | undefined, t: Pick<ParsedThreshold, 'aggregation' | 'percentile'>, durationMs: number): number {
  switch (sink.type) {
    case 'counter':
      if (t.aggregation === 'count') return sink.sum;
      if (t.aggregation === 'rate') return durationMs > 0 ? sink.sum / (durationMs / 1000) : 0;
      return NaN;
    case 'gauge':
      return t.aggregation === 'value' ? sink.last : NaN;
    case 'rate':
      if (t.aggregation !== 'rate') return NaN;
      return sink.total > 0 ? sink.trues / sink.total : 0;
    case 'trend': {
      const h = hist ?? Histogram.fromState(sink.hist);
      if (t.percentile !== undefined) return h.percentile(t.percentile);
      if (t.aggregation === 'avg') return h.mean();
      if (t.aggregation === 'min') return h.min;
      if (t.aggregation === 'max') return h.max;
      if (t.aggregation === 'med') return h.percentile(50);
      return NaN;
    }
  }
}

function compare(a: number, op: ThresholdOperator, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==':
    case '===': return a === b;
    case '!=': return a !== b && !Number.isNaN(a);
  }
}

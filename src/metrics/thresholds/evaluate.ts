/**
 * Evaluates parsed thresholds against what the store has aggregated so far.
 * Pure: reads a MetricsView (its live sinks, nothing copied or rebuilt),
 * returns one result per threshold.
 */
import { ConfigError } from '../../errors/index.ts';
import { sinkStat, type SinkView } from '../sinks.ts';
import { aggregationMismatch, type ParsedThreshold, type ThresholdOperator } from './parse.ts';
import type { TrendStat } from '../trend-stats.ts';
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
  return parsed.map((t) => {
    const sink = Object.keys(t.filter).length === 0 ? view.total(t.name) : view.matching(t.name, t.filter);
    const base = { metric: t.metric, source: t.source, abortOnFail: t.abortOnFail, delayAbortEvalMs: t.delayAbortEvalMs };
    if (sink === undefined) return { ...base, ok: !opts.requireData, noData: true, value: undefined };
    const value = aggregate(sink, t, opts.durationMs);
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

/**
 * The value of `threshold.aggregation` over a sink: `sinkStat` of it, NaN
 * when the aggregation is not one of the sink type's threshold methods
 * (k6's table, METHODS_BY_TYPE).
 */
export function aggregate(sink: SinkView | SinkState, t: Pick<ParsedThreshold, 'aggregation' | 'percentile'>, durationMs: number): number {
  if (aggregationMismatch(t.aggregation, sink.type, '') !== undefined) return NaN;
  // thresholds parse p(N) with their own, looser grammar (`p(1e1)`): pass N as parsed
  const stat: string | TrendStat = t.percentile === undefined ? t.aggregation : { name: t.aggregation, kind: 'percentile', p: t.percentile };
  return sinkStat(sink, stat, durationMs);
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

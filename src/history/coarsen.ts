/**
 * The time series the history keeps: at most MAX_STORED_POINTS periods per
 * series, so a long soak costs about as much as a short run. Runs of up to
 * MAX_STORED_POINTS periods are kept as they are; longer ones get adjacent
 * periods merged into one of `factor` times the length:
 *   count                 summed (exact)
 *   a counter's rate      total over the merged period (exact)
 *   max                   the largest
 *   a gauge's value       the last
 *   avg, med, p(N), a rate metric's rate
 *                         the mean of the periods, weighted by the period's
 *                         request count for http_req_* metrics and by its
 *                         iteration count for iteration_duration — exact
 *                         for averages and rates, an approximation for
 *                         percentiles (charts only; the summary keeps the
 *                         run's exact percentiles).
 */
import type { MetricType } from '../metrics/index.ts';
import type { RunReport, Timeline, TimelineSeries, TimelineScope } from '../reports/index.ts';

export const MAX_STORED_POINTS = 120;

const scopeKey = (s: TimelineScope) => (s.kind === 'all' ? '' : `${s.kind}=${s.name}`);

/** The count series whose per-period counts weigh `metric`'s values, if any. */
function weightMetric(metric: string): string | undefined {
  if (metric.startsWith('http_req_')) return 'http_reqs';
  if (metric === 'iteration_duration') return 'iterations';
  return undefined;
}

/** The report's timeline with at most `maxPoints` periods (the same object when it already fits). */
export function coarsenTimeline(report: Pick<RunReport, 'timeline' | 'definitions'>, maxPoints = MAX_STORED_POINTS): Timeline {
  const tl = report.timeline;
  if (!tl || tl.series.length === 0) return tl;
  const periods = Math.max(...tl.series.map((s) => (s.points.length ? Math.round(s.points[s.points.length - 1][0] / tl.periodMs) : 0)));
  const factor = Math.ceil(periods / maxPoints);
  if (factor <= 1) return tl;
  const periodMs = tl.periodMs * factor;
  const types = new Map<string, MetricType>((report.definitions ?? []).map((d) => [d.name, d.type]));
  const byKey = new Map(tl.series.map((s) => [`${s.metric}|${s.stat}|${scopeKey(s.scope)}`, s]));
  /** merged period index of a point's time (the end of its original period) */
  const bucketOf = (t: number) => Math.floor((Math.round(t / tl.periodMs) - 1) / factor);

  const series: TimelineSeries[] = tl.series.map((s) => {
    const type = types.get(s.metric) ?? (byKey.has(`${s.metric}|count|${scopeKey(s.scope)}`) ? 'counter' : undefined);
    const wm = weightMetric(s.metric);
    const weights = new Map(wm ? byKey.get(`${wm}|count|${scopeKey(s.scope)}`)?.points ?? [] : []);
    const buckets = new Map<number, [number, number][]>();
    for (const p of s.points) {
      const b = bucketOf(p[0]);
      let list = buckets.get(b);
      if (!list) buckets.set(b, (list = []));
      list.push(p);
    }
    const points: [number, number][] = [];
    for (const [b, list] of [...buckets].sort((x, y) => x[0] - y[0])) {
      points.push([(b + 1) * periodMs, merge(s.stat, type, list, weights, factor)]);
    }
    return { ...s, points };
  });
  return { periodMs, startedAt: tl.startedAt, series };
}

function merge(stat: string, type: MetricType | undefined, points: [number, number][], weights: Map<number, number>, factor: number): number {
  const values = points.map(([, v]) => v);
  if (stat === 'count') return values.reduce((a, b) => a + b, 0);
  if (stat === 'rate' && type === 'counter') return values.reduce((a, b) => a + b, 0) / factor;
  if (stat === 'max') return Math.max(...values);
  if (stat === 'value') return values[values.length - 1];
  let total = 0;
  let weight = 0;
  for (const [t, v] of points) {
    const w = weights.size ? weights.get(t) ?? 0 : 1;
    total += v * w;
    weight += w;
  }
  return weight > 0 ? total / weight : values.reduce((a, b) => a + b, 0) / values.length;
}

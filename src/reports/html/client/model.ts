/**
 * What the report page shows, computed from a RunReport: the scopes of the
 * selector, each chart's aligned series (straight from the timeline, one
 * point per period), the totals, the thresholds rows and the extra charts.
 * Pure functions (no DOM) that run in the browser, bundled into the page's
 * script (see assets.ts), and in the unit tests.
 */
import type { RunReport } from '../../run-report.ts';
import type { TimelineScope, TimelineSeries } from '../../timeline.ts';
import type { SummaryGroup } from '../../summary-data.ts';
import type { MetricType, ValueType } from '../../../metrics/index.ts';
import type { ChartSpec, Unit } from '../charts.ts';

/** `all`, `scenario:NAME` or `group:NAME`: the selector's value for a scope. */
export function scopeId(scope: TimelineScope): string {
  return scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.name}`;
}

/** A group tag (`::login::form`) as people read it: `login › form`. */
export function groupLabel(name: string): string {
  return name.replace(/^::/, '').split('::').join(' › ');
}

export interface ScopeOption { id: string; label: string }

/** All, then each scenario, then each group that has series. */
export function scopeOptions(report: RunReport): ScopeOption[] {
  const scenarios: string[] = [...report.scenarios];
  const groups: string[] = [];
  for (const s of report.timeline.series) {
    if (s.scope.kind === 'scenario' && !scenarios.includes(s.scope.name)) scenarios.push(s.scope.name);
    if (s.scope.kind === 'group' && !groups.includes(s.scope.name)) groups.push(s.scope.name);
  }
  groups.sort();
  return [
    { id: 'all', label: 'whole test' },
    ...scenarios.map((name) => ({ id: `scenario:${name}`, label: `scenario ${name}` })),
    ...groups.map((name) => ({ id: `group:${name}`, label: `group ${groupLabel(name)}` })),
  ];
}

/** The timeline series of one metric's stat in one scope. */
export function findSeries(report: RunReport, metric: string, stat: string, scope: string): TimelineSeries | undefined {
  return report.timeline.series.find((s) => s.metric === metric && s.stat === stat && scopeId(s.scope) === scope);
}

export interface ChartData {
  /** period ends, in seconds since the test started */
  x: number[];
  /** one array per spec series, aligned with x; null where that series has no point */
  ys: (number | null)[][];
  /** how many timeline points each spec series has */
  points: number[];
}

/** A chart's data: the union of its series' period ends, each series' points placed on it unchanged. */
export function chartData(report: RunReport, spec: ChartSpec, scope: string): ChartData {
  const found = spec.series.map((s) => findSeries(report, s.metric, s.stat, scope));
  const times = new Set<number>();
  for (const f of found) for (const [t] of f?.points ?? []) times.add(t);
  const sorted = [...times].sort((a, b) => a - b);
  const at = new Map(sorted.map((t, i) => [t, i]));
  const ys = found.map((f) => {
    const column: (number | null)[] = sorted.map(() => null);
    for (const [t, v] of f?.points ?? []) column[at.get(t)!] = v;
    return column;
  });
  return { x: sorted.map((t) => t / 1000), ys, points: found.map((f) => f?.points.length ?? 0) };
}

export interface MetricInfo { type: MetricType; contains: ValueType }

/** A metric's type and value type, from the definitions or the summary. */
export function metricInfo(report: RunReport, name: string): MetricInfo | undefined {
  const d = report.definitions.find((x) => x.name === name);
  if (d) return { type: d.type, contains: d.contains };
  const m = report.summary?.metrics[name];
  return m ? { type: m.type, contains: m.contains } : undefined;
}

/** The unit of one stat of a metric. */
export function unitOf(type: MetricType, contains: ValueType, stat: string): Unit {
  if (stat === 'passes' || stat === 'fails') return 'count';
  if (stat === 'count') return contains === 'data' ? 'bytes' : 'count';
  if (stat === 'rate') return type === 'rate' ? 'percent' : contains === 'data' ? 'bytes-per-s' : 'per-s';
  return contains === 'time' ? 'ms' : contains === 'data' ? 'bytes' : 'number';
}

/** One chart per metric the overview does not show: custom metrics first, then k6's, by name. */
export function moreCharts(report: RunReport, overview: readonly ChartSpec[], builtin: readonly string[]): ChartSpec[] {
  const shown = new Set(overview.flatMap((c) => c.series.map((s) => s.metric)));
  const names = [...new Set(report.timeline.series.map((s) => s.metric))].filter((n) => !shown.has(n));
  const custom = (n: string) => !builtin.includes(n);
  names.sort((a, b) => (custom(a) === custom(b) ? a.localeCompare(b) : custom(a) ? -1 : 1));
  const charts: ChartSpec[] = [];
  for (const name of names) {
    const stats = new Set(report.timeline.series.filter((s) => s.metric === name).map((s) => s.stat));
    const info = metricInfo(report, name) ?? { type: stats.has('avg') ? 'trend' : stats.has('value') ? 'gauge' : stats.has('count') ? 'counter' : 'rate', contains: 'default' };
    const chosen = info.type === 'trend' ? ['p(95)', 'p(90)', 'med', 'avg'] : info.type === 'gauge' ? ['value'] : ['rate'];
    const labels: Record<string, string> = { 'p(95)': 'p(95)', 'p(90)': 'p(90)', med: 'median', avg: 'average', value: 'value', rate: info.type === 'rate' ? 'rate' : 'per second' };
    charts.push({
      id: `metric:${name}`,
      title: custom(name) ? `${name} (custom)` : name,
      unit: unitOf(info.type, info.contains, chosen[0]),
      series: chosen.map((stat) => ({ metric: name, stat, label: labels[stat] })),
    });
  }
  return charts;
}

export interface Total {
  /** the metric, also the card's data-total attribute */
  key: string;
  label: string;
  value: number | undefined;
  unit: Unit;
  detail?: string;
}

export function sumOf(s: TimelineSeries | undefined): number {
  let sum = 0;
  for (const [, v] of s?.points ?? []) sum += v;
  return sum;
}

export function lastOf(s: TimelineSeries | undefined): number | undefined {
  return s && s.points.length > 0 ? s.points[s.points.length - 1][1] : undefined;
}

/**
 * The headline numbers: from the summary at the end of the run, or added
 * up from the timeline while it runs (live dashboard). `formatUnit` is
 * passed in so this stays free of display code.
 */
export function totals(report: RunReport, format: (v: number | undefined, unit: Unit) => string): Total[] {
  const out: Total[] = [];
  const m = report.summary?.metrics;
  if (m) {
    const v = (name: string, stat: string) => m[name]?.values[stat];
    out.push({ key: 'http_reqs', label: 'HTTP requests', value: v('http_reqs', 'count') ?? 0, unit: 'count', detail: format(v('http_reqs', 'rate'), 'per-s') });
    if (m.http_req_failed) out.push({ key: 'http_req_failed', label: 'Failed requests', value: v('http_req_failed', 'rate'), unit: 'percent', detail: `${format(v('http_req_failed', 'passes'), 'count')} failed` });
    if (m.http_req_duration) {
      const p95 = v('http_req_duration', 'p(95)');
      out.push({ key: 'http_req_duration', label: p95 === undefined ? 'Request duration max' : 'Request duration p(95)', value: p95 ?? v('http_req_duration', 'max'), unit: 'ms', detail: `avg ${format(v('http_req_duration', 'avg'), 'ms')}` });
    }
    if (m.iterations) out.push({ key: 'iterations', label: 'Iterations', value: v('iterations', 'count'), unit: 'count', detail: format(v('iterations', 'rate'), 'per-s') });
    if (m.vus_max) out.push({ key: 'vus_max', label: 'Max VUs', value: v('vus_max', 'value'), unit: 'count' });
    if (m.checks) out.push({ key: 'checks', label: 'Checks passed', value: v('checks', 'rate'), unit: 'percent', detail: `${format(v('checks', 'passes'), 'count')} ✓ ${format(v('checks', 'fails'), 'count')} ✗` });
    if (m.data_received) out.push({ key: 'data_received', label: 'Data received', value: v('data_received', 'count'), unit: 'bytes', detail: format(v('data_received', 'rate'), 'bytes-per-s') });
    if (m.data_sent) out.push({ key: 'data_sent', label: 'Data sent', value: v('data_sent', 'count'), unit: 'bytes', detail: format(v('data_sent', 'rate'), 'bytes-per-s') });
    return out;
  }
  const s = (metric: string, stat: string) => findSeries(report, metric, stat, 'all');
  out.push({ key: 'http_reqs', label: 'HTTP requests', value: sumOf(s('http_reqs', 'count')), unit: 'count', detail: `${format(lastOf(s('http_reqs', 'rate')), 'per-s')} now` });
  const failed = s('http_req_failed', 'rate');
  if (failed) {
    // each period's failure rate weighted by its requests
    const reqs = new Map(s('http_reqs', 'count')?.points ?? []);
    let weighted = 0;
    let weight = 0;
    for (const [t, r] of failed.points) { const w = reqs.get(t) ?? 1; weighted += r * w; weight += w; }
    out.push({ key: 'http_req_failed', label: 'Failed requests', value: weight > 0 ? weighted / weight : undefined, unit: 'percent' });
  }
  const p95 = s('http_req_duration', 'p(95)');
  if (p95) out.push({ key: 'http_req_duration', label: 'Request duration p(95)', value: lastOf(p95), unit: 'ms', detail: 'last period' });
  const iterations = s('iterations', 'count');
  if (iterations) out.push({ key: 'iterations', label: 'Iterations', value: sumOf(iterations), unit: 'count', detail: `${format(lastOf(s('iterations', 'rate')), 'per-s')} now` });
  const vus = s('vus', 'value');
  if (vus) out.push({ key: 'vus', label: 'VUs', value: lastOf(vus), unit: 'count', detail: `max ${format(Math.max(0, ...(s('vus_max', 'value')?.points ?? []).map((p) => p[1])), 'count')}` });
  const checks = s('checks', 'rate');
  if (checks) out.push({ key: 'checks', label: 'Checks passed', value: lastOf(checks), unit: 'percent', detail: 'last period' });
  const received = s('data_received', 'count');
  if (received) out.push({ key: 'data_received', label: 'Data received', value: sumOf(received), unit: 'bytes', detail: `${format(lastOf(s('data_received', 'rate')), 'bytes-per-s')} now` });
  const sent = s('data_sent', 'count');
  if (sent) out.push({ key: 'data_sent', label: 'Data sent', value: sumOf(sent), unit: 'bytes', detail: `${format(lastOf(s('data_sent', 'rate')), 'bytes-per-s')} now` });
  return out;
}

export interface ThresholdRow {
  metric: string;
  expression: string;
  ok: boolean;
  /** the value the expression tested (its aggregation: p(95), rate, count …) */
  value: number | undefined;
  unit: Unit;
}

/** Every threshold of the summary, in metric order, with the value it was judged on. */
export function thresholdRows(report: RunReport): ThresholdRow[] {
  const rows: ThresholdRow[] = [];
  for (const [metric, m] of Object.entries(report.summary?.metrics ?? {})) {
    for (const [expression, { ok }] of Object.entries(m.thresholds ?? {})) {
      const found = /^\s*([a-z]+(?:\(\s*[\d.]+\s*\))?)/i.exec(expression);
      const stat = found ? found[1].replace(/\s+/g, '') : '';
      rows.push({ metric, expression, ok, value: m.values[stat], unit: unitOf(m.type, m.contains, stat) });
    }
  }
  return rows;
}

/** Passes and fails of a group's checks, its subgroups' included. */
export function checkCounts(group: SummaryGroup): { passes: number; fails: number } {
  let passes = 0;
  let fails = 0;
  for (const c of group.checks) { passes += c.passes; fails += c.fails; }
  for (const g of group.groups) { const sub = checkCounts(g); passes += sub.passes; fails += sub.fails; }
  return { passes, fails };
}

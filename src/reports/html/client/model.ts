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
  if (stat === 'passes' || stat === 'fails' || stat === 'samples') return 'count';
  if (stat === 'count') return contains === 'data' ? 'bytes' : 'count';
  if (stat === 'rate') return type === 'rate' ? 'percent' : contains === 'data' ? 'bytes-per-s' : 'per-s';
  return contains === 'time' ? 'ms' : contains === 'data' ? 'bytes' : 'number';
}

/** One chart per metric the overview, the probes section and the chaos bands do not show: custom metrics first, then k6's, by name. */
export function moreCharts(report: RunReport, overview: readonly ChartSpec[], builtin: readonly string[]): ChartSpec[] {
  // the probes have their own section; the chaos metrics are the bands and the "Chaos" section
  const shown = new Set([...overview.flatMap((c) => c.series.map((s) => s.metric)), ...probeMetricSet(report), ...CHAOS_METRIC_SET]);
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

/*
 * Service probes: `probe_<name>` gauges (several series told apart by their
 * tags), `probe_<name>_drain` (ms after the load; tag drained) and
 * `probe_errors{probe}`. A timeline series may carry the tags of the series
 * it follows (`tags`); without them a probe is one line.
 */

/** A timeline series, with the tags of the probe series it follows when the timeline kept them. */
type TaggedSeries = TimelineSeries & { tags?: Record<string, string> };

export const PROBE_ERRORS = 'probe_errors';

/** The probes of a run, in the order they were declared: each `probe_<name>` gauge (a drain gauge `probe_<name>_drain` holds time). */
export function probeNames(report: RunReport): string[] {
  const names: string[] = [];
  const add = (n: string) => { if (!names.includes(n)) names.push(n); };
  const declared = report.options?.probes;
  if (declared && typeof declared === 'object') for (const n of Object.keys(declared)) add(n);
  const gauges = report.definitions.filter((d) => d.type === 'gauge' && d.name.startsWith('probe_'));
  for (const d of gauges) {
    if (d.contains === 'time' && d.name.endsWith('_drain') && gauges.some((g) => g.contains !== 'time' && g.name === d.name.slice(0, -'_drain'.length))) continue;
    if (d.contains !== 'time') add(d.name.slice('probe_'.length));
  }
  return names;
}

/** Every metric the probes recorded: they get the "Service probes" section, not "More metrics". */
export function probeMetricSet(report: RunReport): Set<string> {
  const set = new Set<string>([PROBE_ERRORS]);
  for (const n of probeNames(report)) { set.add(`probe_${n}`); set.add(`probe_${n}_drain`); }
  return set;
}

/** `state=waiting, queue=emails`; the probe's name for its one untagged series. */
export function tagsLabel(tags: Record<string, string> | undefined, fallback: string): string {
  const entries = Object.entries(tags ?? {});
  return entries.length === 0 ? fallback : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** A duration option as ms: a number (ms) or k6's `1m30s`, `200ms`, `5s`. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, us: 0.001, 'µs': 0.001 };
  let total = 0;
  let rest = v.trim();
  if (/^\d+(\.\d+)?$/.test(rest)) return Number(rest);
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|us|µs|s|m|h|d)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

export interface ProbeDrain {
  /** the condition (`value == 0`) when the options say it */
  until?: string;
  /** ms from the end of the load until it held (or waited, when it did not) */
  ms?: number;
  drained?: boolean;
}

export interface ProbePanel {
  name: string;
  metric: string;
  /** one series per tag set, labelled by its tags */
  spec: ChartSpec;
  data: ChartData;
  drain?: ProbeDrain;
  /** failed reads of this probe (undefined: none counted, or not told apart from the other probes') */
  errors?: number;
}

export interface ProbesView {
  panels: ProbePanel[];
  /** failed reads that cannot be given to one probe (the timeline kept no `probe` tag) */
  unattributedErrors: number;
}

function probeOptions(report: RunReport, name: string): Record<string, unknown> | undefined {
  const declared = report.options?.probes as Record<string, unknown> | undefined;
  const p = declared?.[name];
  return p && typeof p === 'object' ? (p as Record<string, unknown>) : undefined;
}

function sumPoints(series: readonly TimelineSeries[]): number {
  let sum = 0;
  for (const s of series) for (const [, v] of s.points) sum += v;
  return sum;
}

/** The drain of one probe: the timeline's `probe_<name>_drain`, else the summary's; drained from its tag, else from the timeout. */
export function probeDrain(report: RunReport, name: string): ProbeDrain | undefined {
  const metric = `probe_${name}_drain`;
  const opts = probeOptions(report, name)?.drain as Record<string, unknown> | undefined;
  const until = typeof opts?.until === 'string' ? opts.until : undefined;
  const timeoutMs = durationMs(opts?.timeout);
  const series = (report.timeline.series as TaggedSeries[]).filter((s) => s.metric === metric && s.stat === 'value' && s.scope.kind === 'all' && s.points.length > 0);
  const summary = report.summary?.metrics ?? {};
  let ms: number | undefined;
  let drained: boolean | undefined;
  const last = series.at(-1);
  if (last) {
    ms = last.points[last.points.length - 1][1];
    if (last.tags?.drained !== undefined) drained = last.tags.drained === 'true';
  } else if (summary[metric]) {
    ms = summary[metric].values.value;
  }
  if (drained === undefined && summary[`${metric}{drained:false}`]?.values.value !== undefined) drained = false;
  else if (drained === undefined && summary[`${metric}{drained:true}`]?.values.value !== undefined) drained = true;
  if (drained === undefined && ms !== undefined) drained = timeoutMs === undefined || ms < timeoutMs;
  if (until === undefined && ms === undefined) return undefined;
  return { until, ms, drained };
}

/** The "Service probes" section: one chart per probe (a line per series), its drain and its failed reads. */
export function probesView(report: RunReport): ProbesView {
  const names = probeNames(report);
  const all = (report.timeline.series as TaggedSeries[]).filter((s) => s.scope.kind === 'all');
  // failed reads per probe: tagged timeline series, else the summary's submetrics, else (one probe) the total
  const errorSeries = all.filter((s) => s.metric === PROBE_ERRORS && s.stat === 'count');
  const totalErrors = report.summary?.metrics[PROBE_ERRORS]?.values.count ?? sumPoints(errorSeries);
  const errorsOf = (name: string): number | undefined => {
    const tagged = errorSeries.filter((s) => s.tags?.probe === name);
    if (tagged.length > 0) return sumPoints(tagged);
    const sub = report.summary?.metrics[`${PROBE_ERRORS}{probe:${name}}`];
    if (sub) return sub.values.count;
    if (names.length === 1 && !errorSeries.some((s) => s.tags?.probe !== undefined)) return totalErrors;
    return undefined;
  };
  let attributed = 0;
  const panels = names.map((name): ProbePanel => {
    const metric = `probe_${name}`;
    const series = all.filter((s) => s.metric === metric && s.stat === 'value');
    // the run's own tags (--tag, options.tags) are on every series: they tell none apart
    const own = (tags: Record<string, string> | undefined) => (tags ? Object.fromEntries(Object.entries(tags).filter(([k, v]) => report.tags[k] !== v)) : undefined);
    const labels = series.map((s) => tagsLabel(own(s.tags), name));
    const times = new Set<number>();
    for (const s of series) for (const [t] of s.points) times.add(t);
    const sorted = [...times].sort((a, b) => a - b);
    const at = new Map(sorted.map((t, i) => [t, i]));
    const ys = series.map((s) => {
      const column: (number | null)[] = sorted.map(() => null);
      for (const [t, v] of s.points) column[at.get(t)!] = v;
      return column;
    });
    const order = labels.map((_, i) => i).sort((a, b) => labels[a].localeCompare(labels[b]));
    const errors = errorsOf(name);
    if (errors !== undefined) attributed += errors;
    return {
      name, metric,
      spec: { id: `probe:${name}`, title: name, unit: 'number', series: order.map((i) => ({ metric, stat: 'value', label: labels[i] })) },
      data: { x: sorted.map((t) => t / 1000), ys: order.map((i) => ys[i]), points: order.map((i) => series[i].points.length) },
      drain: probeDrain(report, name),
      errors,
    };
  });
  return { panels, unattributedErrors: Math.max(0, totalErrors - attributed) };
}

/** The x range every chart of the page shares (seconds since the start): the first to the last period end of the whole timeline. */
export function timeRange(report: RunReport): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const s of report.timeline.series) for (const [t] of s.points) { if (t < min) min = t; if (t > max) max = t; }
  if (!Number.isFinite(min)) return undefined;
  return min === max ? [min / 1000 - 1, max / 1000] : [min / 1000, max / 1000];
}

/*
 * Chaos drills (issue #17): each fault window as a band across every time
 * chart, and the "Chaos" section. A finished run has the exact windows in
 * summary.chaos (ms from the test's start); while it runs they come from
 * the timeline's `chaos_fault{fault}` gauge (1 in the period the window
 * opened, 0 in the one it closed), sharpened by the fault's `at` and
 * `duration` options when they fall inside those periods.
 */

export const CHAOS_FAULT = 'chaos_fault';
export const RECOVERY_TIME = 'recovery_time';
/** The chaos drills' metrics: the bands and the "Chaos" section show them, not "More metrics". */
export const CHAOS_METRIC_SET: ReadonlySet<string> = new Set([CHAOS_FAULT, RECOVERY_TIME]);

export interface FaultBand {
  name: string;
  /** seconds since the test started (the charts' x) */
  start: number;
  end: number;
  /** still open (live): `end` is the timeline's last point */
  open: boolean;
}

function faultOptions(report: RunReport, name: string): { atMs?: number; durationMs?: number } {
  const declared = report.options?.chaos as Record<string, unknown> | undefined;
  const f = declared?.[name];
  if (!f || typeof f !== 'object') return {};
  const o = f as Record<string, unknown>;
  return { atMs: durationMs(o.at), durationMs: durationMs(o.duration) };
}

/** Every fault window of the run, in the order they opened. */
export function faultBands(report: RunReport): FaultBand[] {
  const chaos = report.summary?.chaos;
  if (chaos && chaos.length > 0) return chaos.map((f) => ({ name: f.name, start: f.startMs / 1000, end: f.endMs / 1000, open: false }));
  const periodMs = report.timeline.periodMs;
  let last = 0;
  for (const s of report.timeline.series) for (const [t] of s.points) if (t > last) last = t;
  const bands: FaultBand[] = [];
  const series = (report.timeline.series as TaggedSeries[]).filter((s) => s.metric === CHAOS_FAULT && s.stat === 'value' && s.scope.kind === 'all');
  for (const s of series) {
    const name = s.tags?.fault ?? 'fault';
    const opts = faultOptions(report, name);
    // the option's time when it falls in the period the timeline saw the change, else that period's edge
    const within = (ms: number | undefined, periodEnd: number, fallback: number) => (ms !== undefined && ms >= periodEnd - periodMs && ms <= periodEnd ? ms : fallback);
    let openedAt: number | undefined;
    for (const [t, v] of [...s.points].sort((a, b) => a[0] - b[0])) {
      if (v > 0 && openedAt === undefined) {
        openedAt = within(opts.atMs, t, t - periodMs);
      } else if (v <= 0) {
        // a window shorter than a period: the gauge only shows it closed
        const from = openedAt ?? within(opts.atMs, t, t - periodMs);
        const planned = opts.atMs !== undefined && opts.durationMs !== undefined ? opts.atMs + opts.durationMs : undefined;
        bands.push({ name, start: from / 1000, end: Math.max(from, within(planned, t, t)) / 1000, open: false });
        openedAt = undefined;
      }
    }
    if (openedAt !== undefined) bands.push({ name, start: openedAt / 1000, end: Math.max(openedAt, last) / 1000, open: true });
  }
  return bands.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
}

/** One row of the "Chaos" section: the summary's numbers, or (live) what the timeline knows so far. */
export interface FaultRow {
  name: string;
  what?: string;
  /** ms from the test's start */
  startMs: number;
  endMs?: number;
  open: boolean;
  before?: { requests: number; errorRate: number; p95: number | null };
  during?: { requests: number; errorRate: number; p95: number | null };
  after?: { requests: number; errorRate: number; p95: number | null };
  recoveryMs?: number;
  recovered?: boolean;
}

/** A fault's `what` from its options (live: the summary is not there yet): `api down`, `db latency`. */
function describeFromOptions(report: RunReport, name: string): string | undefined {
  const declared = report.options?.chaos as Record<string, unknown> | undefined;
  const f = declared?.[name] as Record<string, unknown> | undefined;
  if (!f || typeof f !== 'object') return undefined;
  const fault = f.fault as Record<string, unknown> | undefined;
  if (typeof f.exec === 'string') return `exec ${f.exec}`;
  return [f.proxy, fault?.type].filter((x) => typeof x === 'string').join(' ') || undefined;
}

/** The "Chaos" section's rows: summary.chaos at the end, the bands and recovery_time while the run goes. */
export function faultRows(report: RunReport): FaultRow[] {
  const chaos = report.summary?.chaos;
  if (chaos && chaos.length > 0) {
    // JSON turns a NaN p95 (no requests) into null
    const stretch = (s: { requests: number; errorRate: number; p95: number | null }) => ({ requests: s.requests, errorRate: s.errorRate, p95: typeof s.p95 === 'number' && Number.isFinite(s.p95) ? s.p95 : null });
    return chaos.map((f) => ({
      name: f.name, what: f.what, startMs: f.startMs, endMs: f.endMs, open: false,
      before: stretch(f.before), during: stretch(f.during), after: stretch(f.after),
      recoveryMs: f.recoveryMs, recovered: f.recovered,
    }));
  }
  const recovery = (report.timeline.series as TaggedSeries[]).filter((s) => s.metric === RECOVERY_TIME && s.stat === 'max' && s.scope.kind === 'all');
  return faultBands(report).map((b) => {
    const rec = recovery.find((s) => s.tags?.fault === b.name && s.points.length > 0);
    return {
      name: b.name, what: describeFromOptions(report, b.name), startMs: Math.round(b.start * 1000), endMs: b.open ? undefined : Math.round(b.end * 1000), open: b.open,
      recoveryMs: rec ? rec.points[rec.points.length - 1][1] : undefined,
      recovered: rec ? rec.tags?.recovered !== 'false' : undefined,
    };
  });
}

/**
 * The end-of-test data in k6's handleSummary() shape: root_group (checks
 * and groups, derived from the `checks` and `group_duration` series),
 * options, state, and every metric's k6 values with its thresholds.
 * Plain data, so it can be posted to a worker and JSON-serialised.
 */
import { createHash } from 'node:crypto';
import {
  BUILTIN_METRICS, DEFAULT_TREND_STATS, createSink, parseMetricKey, sinkSampleCount, sinkValues, summarySection,
  type MetricDefinition, type MetricsView, type MetricType, type SinkView, type Tags, type ThresholdResult, type ValueType,
} from '../metrics/index.ts';

/** A check as k6 reports it under its group. */
export interface SummaryCheck {
  name: string;
  /** group path + '::' + name, e.g. `::login::status is 200` */
  path: string;
  id: string;
  passes: number;
  fails: number;
}

/** A group (the root group has name '' and path ''). */
export interface SummaryGroup {
  name: string;
  /** `::a::b` for group b inside group a */
  path: string;
  id: string;
  groups: SummaryGroup[];
  checks: SummaryCheck[];
}

/** One metric or submetric in `data.metrics`. */
export interface SummaryMetric {
  type: MetricType;
  contains: ValueType;
  /** counter {count, rate}, gauge {value, min, max}, rate {rate, passes, fails}, trend one key per summaryTrendStats entry */
  values: Record<string, number>;
  /** threshold expression → { ok } (present only when the metric has thresholds) */
  thresholds?: Record<string, { ok: boolean }>;
}

/** The `options` part of the summary data. */
export interface SummaryOptions {
  summaryTrendStats: string[];
  summaryTimeUnit: string;
  noColor: boolean;
}

/** Requests, error rate and p95 (ms; NaN without requests) of one stretch of the run. */
export interface SummaryStretch {
  requests: number;
  errorRate: number;
  p95: number;
}

/** One chaos fault's window (ms from the test's start) and the load before, during and after it (Stampede's addition). */
export interface SummaryFault {
  name: string;
  what: string;
  startMs: number;
  endMs: number;
  before: SummaryStretch;
  during: SummaryStretch;
  after: SummaryStretch;
  recoveryMs?: number;
  recovered?: boolean;
}

/** k6's handleSummary() argument. */
export interface SummaryData {
  root_group: SummaryGroup;
  options: SummaryOptions;
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  /** metric or submetric key (`http_req_duration{expected_response:true}`) → its summary */
  metrics: Record<string, SummaryMetric>;
  /** Stampede's chaos faults, when the script had any (the CHAOS block) */
  chaos?: SummaryFault[];
  setup_data?: unknown;
}

/** Inputs of `buildSummaryData`. */
export interface BuildSummaryOptions {
  durationMs: number;
  options: { summaryTrendStats?: readonly string[]; summaryTimeUnit?: string; noColor?: boolean };
  thresholds?: readonly ThresholdResult[];
  isStdOutTTY?: boolean;
  isStdErrTTY?: boolean;
  /** what setup() returned; omitted from the data when undefined */
  setupData?: unknown;
  /** the chaos faults' windows and the load around them */
  chaos?: readonly SummaryFault[];
}

/** k6 reports this submetric whenever some request got an expected response (and never empty). */
const EXPECTED_RESPONSE_KEY = 'http_req_duration{expected_response:true}';
/**
 * k6 counts the bytes of every iteration (and of setup and teardown) into
 * data_sent and data_received, zero when nothing went over the network, so
 * both are in every summary of a run that executed any code; Stampede
 * records them only with the bytes, so a run without any shows them as 0 here.
 */
const NETWORK_METRICS: readonly MetricDefinition[] = BUILTIN_METRICS.filter((m) => m.section === 'NETWORK');

/** An md5 hex id, as k6 derives group and check ids from their paths. */
export function summaryId(path: string): string {
  return createHash('md5').update(path).digest('hex');
}

/** Builds k6's handleSummary() data from the final metrics. Reads `view` only. */
export function buildSummaryData(view: MetricsView, opts: BuildSummaryOptions): SummaryData {
  const trendStats = [...(opts.options.summaryTrendStats ?? DEFAULT_TREND_STATS)];
  const data: SummaryData = {
    root_group: buildGroupTree(view),
    options: { summaryTrendStats: trendStats, summaryTimeUnit: opts.options.summaryTimeUnit ?? '', noColor: opts.options.noColor ?? false },
    state: { isStdOutTTY: opts.isStdOutTTY ?? false, isStdErrTTY: opts.isStdErrTTY ?? false, testRunDurationMs: opts.durationMs },
    metrics: buildMetrics(view, opts.thresholds ?? [], { durationMs: opts.durationMs, trendStats }),
  };
  if (opts.chaos && opts.chaos.length > 0) data.chaos = opts.chaos.map((f) => ({ ...f }));
  if (opts.setupData !== undefined) data.setup_data = opts.setupData;
  return data;
}

function buildMetrics(view: MetricsView, thresholds: readonly ThresholdResult[], valueOpts: { durationMs: number; trendStats: string[] }): Record<string, SummaryMetric> {
  const entries = new Map<string, SummaryMetric>();
  const entryFor = (def: MetricDefinition, sink: SinkView | undefined): SummaryMetric => {
    const values = sinkValues(sink ?? createSink(def.type), valueOpts);
    // a probe's gauge also says where it started and how often it was read (the PROBES block)
    if (sink?.type === 'gauge' && summarySection(def.name) === 'PROBES') Object.assign(values, { start: sink.first, samples: sink.count });
    return { type: def.type, contains: def.contains, values };
  };
  for (const def of view.definitions()) {
    const total = view.total(def.name);
    if (total) entries.set(def.name, entryFor(def, total));
  }
  const httpDuration = view.definition('http_req_duration');
  if (httpDuration && entries.has('http_req_duration')) {
    const expected = view.matching('http_req_duration', { expected_response: 'true' });
    if (expected && sinkSampleCount(expected) > 0) entries.set(EXPECTED_RESPONSE_KEY, entryFor(httpDuration, expected));
  }
  if (entries.size > 0) {
    for (const def of NETWORK_METRICS) if (!entries.has(def.name)) entries.set(def.name, entryFor(view.definition(def.name) ?? def, undefined));
  }
  for (const t of thresholds) {
    let entry = entries.get(t.metric);
    if (!entry) {
      const { name, filter } = parseMetricKey(t.metric);
      const def = view.definition(name);
      if (!def) continue;
      entry = entryFor(def, Object.keys(filter).length === 0 ? view.total(name) : view.matching(name, filter));
      entries.set(t.metric, entry);
    }
    (entry.thresholds ??= {})[t.source] = { ok: t.ok };
  }
  const out: Record<string, SummaryMetric> = {};
  for (const key of [...entries.keys()].sort(compareMetricKeys)) out[key] = entries.get(key)!;
  return out;
}

/** Orders metric keys by metric name, each submetric right after its metric. */
export function compareMetricKeys(a: string, b: string): number {
  const pa = a.split('{', 1)[0];
  const pb = b.split('{', 1)[0];
  return pa === pb ? a.slice(pa.length).localeCompare(b.slice(pb.length)) : pa.localeCompare(pb);
}

function newGroup(name: string, path: string): SummaryGroup {
  return { name, path, id: summaryId(path), groups: [], checks: [] };
}

/**
 * The group tree: groups from the `group` tag of the `checks` and
 * `group_duration` series (parents created as needed, first-seen order),
 * checks from the `checks` series merged by group and check name.
 */
function buildGroupTree(view: MetricsView): SummaryGroup {
  const root = newGroup('', '');
  const groups = new Map<string, SummaryGroup>([['', root]]);
  const checks = new Map<string, SummaryCheck>();
  const groupAt = (path: string): SummaryGroup => {
    let g = groups.get(path);
    if (g) return g;
    const cut = path.lastIndexOf('::');
    const parent = groupAt(cut > 0 ? path.slice(0, cut) : '');
    g = newGroup(path.slice(cut + 2), path);
    parent.groups.push(g);
    groups.set(path, g);
    return g;
  };
  for (const s of view.series('checks')) {
    const name = s.tags.check;
    if (name === undefined || s.sink.type !== 'rate') continue;
    const group = groupAt(groupPath(s.tags));
    const path = `${group.path}::${name}`;
    let check = checks.get(path);
    if (!check) {
      check = { name, path, id: summaryId(path), passes: 0, fails: 0 };
      checks.set(path, check);
      group.checks.push(check);
    }
    check.passes += s.sink.trues;
    check.fails += s.sink.total - s.sink.trues;
  }
  for (const s of view.series('group_duration')) {
    const path = groupPath(s.tags);
    if (path !== '') groupAt(path);
  }
  return root;
}

function groupPath(tags: Tags): string {
  const g = tags.group ?? '';
  return g === '' || g.startsWith('::') ? g : `::${g}`;
}

/**
 * k6's end-of-test text summary, current ("compact") layout:
 * █ THRESHOLDS, then █ TOTAL RESULTS with the checks block and the metrics
 * by category (CUSTOM first, then HTTP, EXECUTION, NETWORK, …).
 */
import { Ansi, decorator, formatDuration, formatPercent, formatValue, type Decorate } from './format.ts';
import { formatRow, layoutRows, renderRow, type FormattedRow } from './metric-lines.ts';
import { compareMetricKeys, type SummaryCheck, type SummaryData, type SummaryFault, type SummaryGroup, type SummaryMetric } from './summary-data.ts';
import { SUMMARY_HIDDEN_PREFIXES, SUMMARY_SECTION_ORDER, summarySection, type SummarySection, type ThresholdResult } from '../metrics/index.ts';

/** Options of `renderTextSummary`. */
export interface TextSummaryOptions {
  /** prefix for every non-blank line; k6's default ' ' adds nothing (the layout has its own indentation) */
  indent?: string;
  /** ANSI colors (default false) */
  enableColors?: boolean;
  /** evaluated thresholds, to show values the summary data lacks (e.g. a p(99) not in summaryTrendStats) */
  thresholdResults?: readonly ThresholdResult[];
}

/** Blank-line marker between blocks. */
const BREAK = '\n';
/** Name column width that puts the colon where k6 puts it (column 40 at the 4-space indent). */
const MIN_NAME_WIDTH = 32;
const METRIC_INDENT = '    ';

/** The metric section (CUSTOM, HTTP, …) k6 shows a metric under (metrics/'s built-in registry says). */
export function metricCategory(name: string): SummarySection {
  return summarySection(name);
}

/**
 * Renders the summary as k6's textSummary() does: the result starts with a
 * newline and ends with a blank line. (k6 itself writes it to stdout
 * surrounded by one more newline before and two after.)
 */
export function renderTextSummary(data: SummaryData, opts: TextSummaryOptions = {}): string {
  const decorate = decorator(opts.enableColors ?? false);
  const ctx = { data, decorate, trendStats: data.options.summaryTrendStats, timeUnit: data.options.summaryTimeUnit, results: opts.thresholdResults ?? [] };
  const tokens: string[] = [];
  const thresholds = thresholdTokens(ctx);
  if (thresholds.length > 0) tokens.push(title('THRESHOLDS', decorate), ...thresholds, BREAK);
  if (data.chaos && data.chaos.length > 0) tokens.push(title('CHAOS', decorate), ...chaosTokens(data.chaos, ctx));
  tokens.push(title('TOTAL RESULTS', decorate), ...checksTokens(ctx), ...metricsTokens(ctx), BREAK);
  let out = '';
  for (const t of tokens) out += t === BREAK ? '\n' : `\n${t}`;
  const prefix = opts.indent === undefined || opts.indent === ' ' ? '' : opts.indent;
  return prefix === '' ? out : out.split('\n').map((line) => (line === '' ? line : prefix + line)).join('\n');
}

interface Ctx {
  data: SummaryData;
  decorate: Decorate;
  trendStats: readonly string[];
  timeUnit: string;
  results: readonly ThresholdResult[];
}

function title(text: string, decorate: Decorate): string {
  return `  █ ${decorate(text, Ansi.bold)}\n`;
}

function thresholdTokens(ctx: Ctx): string[] {
  const keys = Object.keys(ctx.data.metrics).filter((k) => ctx.data.metrics[k].thresholds).sort(compareMetricKeys);
  const tokens: string[] = [];
  for (const key of keys) {
    const metric = ctx.data.metrics[key];
    const parent = key.split('{', 1)[0];
    const nested = parent !== key && keys.includes(parent);
    const indent = nested ? '      ' : METRIC_INDENT;
    tokens.push(indent + (nested ? key.slice(parent.length) : key));
    for (const [source, { ok }] of Object.entries(metric.thresholds ?? {})) {
      const mark = ok ? ctx.decorate('✓', Ansi.green) : ctx.decorate('✗', Ansi.red);
      // k6 silently passes a threshold whose metric got no samples; we say so.
      const noData = ctx.results.find((r) => r.metric === key && r.source === source)?.noData;
      const shown = noData ? ` ${ctx.decorate('no data', Ansi.yellow)}` : thresholdValue(ctx, key, source, metric);
      tokens.push(`${indent}${mark} ${ctx.decorate(`'${source}'`, Ansi.white)}${shown}`);
    }
    tokens.push(BREAK);
  }
  return tokens;
}

/** ` p(95)=148.21ms` for a threshold line, or '' when the value is unknown. */
function thresholdValue(ctx: Ctx, key: string, source: string, metric: SummaryMetric): string {
  const agg = source.trim().split(/[=<>!]/, 1)[0].replace(/\s+/g, '');
  const evaluated = ctx.results.find((r) => r.metric === key && r.source === source)?.value;
  const v = metric.values;
  let text: string | undefined;
  if (metric.type === 'counter' && agg === 'rate') text = `${formatValue(v.rate ?? evaluated ?? 0, metric, ctx.timeUnit)}/s`;
  else if (metric.type === 'rate') text = formatPercent(v.rate ?? evaluated ?? 0);
  else {
    // a gauge's threshold may be on value, min or max (min and max: Stampede's addition)
    const value = metric.type === 'counter' ? v.count : metric.type === 'gauge' ? v[agg] ?? v.value : v[agg] ?? evaluated;
    text = value === undefined ? undefined : formatValue(value, metric, ctx.timeUnit);
  }
  return text === undefined ? '' : ` ${ctx.decorate(agg, Ansi.white)}=${ctx.decorate(text, Ansi.cyan)}`;
}

function allChecks(group: SummaryGroup, into: Map<string, { passes: number; fails: number; name: string }>): void {
  for (const c of group.checks) {
    const known = into.get(c.name);
    if (known) {
      known.passes += c.passes;
      known.fails += c.fails;
    } else into.set(c.name, { name: c.name, passes: c.passes, fails: c.fails });
  }
  for (const g of group.groups) allChecks(g, into);
}

function checksTokens(ctx: Ctx): string[] {
  const checksMetric = ctx.data.metrics.checks;
  if (!checksMetric) return [];
  const passes = checksMetric.values.passes ?? 0;
  const fails = checksMetric.values.fails ?? 0;
  const total = passes + fails;
  const seconds = ctx.data.state.testRunDurationMs / 1000;
  const rows: FormattedRow[] = [
    formatRow('checks_total', { type: 'counter', contains: 'default', values: { count: total, rate: seconds > 0 ? total / seconds : 0 } }, [], ''),
    formatRow('checks_succeeded', { type: 'rate', contains: 'default', values: { rate: total ? passes / total : 0, passes, fails } }, [], ''),
    formatRow('checks_failed', { type: 'rate', contains: 'default', values: { rate: total ? fails / total : 0, passes: fails, fails: passes } }, [], ''),
  ];
  const layout = layoutRows(rows, MIN_NAME_WIDTH);
  const tokens = rows.map((r) => METRIC_INDENT + renderRow(r, layout, [], ctx.decorate, [Ansi.faint, Ansi.white]));
  tokens.push(BREAK);
  const checks = new Map<string, { passes: number; fails: number; name: string }>();
  allChecks(ctx.data.root_group, checks);
  for (const c of checks.values()) tokens.push(...checkLines(c, ctx.decorate));
  tokens.push(BREAK);
  return tokens;
}

/** `✓ name`, or `✗ name` plus `↳  66% — ✓ 2 / ✗ 1` for a check that failed at least once. */
export function checkLines(c: Pick<SummaryCheck, 'name' | 'passes' | 'fails'>, decorate: Decorate, indent = METRIC_INDENT, detailIndent = `${indent}  `): string[] {
  if (c.fails === 0) return [indent + decorate(`✓ ${c.name}`, Ansi.green)];
  const pct = Math.floor((100 * c.passes) / (c.passes + c.fails));
  return [indent + decorate(`✗ ${c.name}`, Ansi.red), detailIndent + decorate(`↳  ${pct}% — ✓ ${c.passes} / ✗ ${c.fails}`, Ansi.red)];
}

function metricsTokens(ctx: Ctx): string[] {
  const byCategory = new Map<SummarySection, [string, SummaryMetric][]>();
  for (const [key, metric] of Object.entries(ctx.data.metrics)) {
    if (SUMMARY_HIDDEN_PREFIXES.some((p) => key.startsWith(p))) continue;
    const category = metricCategory(key.split('{', 1)[0]);
    if (!byCategory.has(category)) byCategory.set(category, []);
    byCategory.get(category)!.push([key, metric]);
  }
  const sections = SUMMARY_SECTION_ORDER.filter((c) => byCategory.has(c)).map((c) => {
    const entries = byCategory.get(c)!.sort(([a], [b]) => compareMetricKeys(a, b));
    return { title: c, rows: entries.map(([k, m]) => formatRow(k, m, ctx.trendStats, ctx.timeUnit)) };
  });
  const layout = layoutRows(sections.flatMap((s) => s.rows), MIN_NAME_WIDTH);
  const tokens: string[] = [];
  for (const s of sections) {
    tokens.push(METRIC_INDENT + ctx.decorate(s.title, Ansi.bold));
    for (const r of s.rows) tokens.push(METRIC_INDENT + r.nameIndent + renderRow(r, layout, ctx.trendStats, ctx.decorate, [Ansi.faint, Ansi.white]));
    if (s.title === 'PROBES') {
      const drain = drainLine(ctx.data);
      if (drain) tokens.push(METRIC_INDENT + ctx.decorate(drain, Ansi.faint));
    }
    tokens.push(BREAK);
  }
  return tokens;
}

/**
 * Each fault: its window, then the load before (the 30 s baseline), during
 * and after it — requests, error rate, p95 — and how long it took to recover.
 */
function chaosTokens(faults: readonly SummaryFault[], ctx: Ctx): string[] {
  const tokens: string[] = [];
  const time = (ms: number) => (Number.isNaN(ms) ? '-' : formatValue(ms, { type: 'trend', contains: 'time' }, ctx.timeUnit));
  for (const f of faults) {
    tokens.push(`${METRIC_INDENT}${ctx.decorate(f.name, Ansi.bold)}  ${f.what}, ${formatDuration(f.startMs)} → ${formatDuration(f.endMs)}`);
    const rows = [['', 'requests', 'error rate', 'p95'], ...(['before', 'during', 'after'] as const).map((phase) => {
      const s = f[phase];
      return [phase, String(s.requests), formatPercent(s.errorRate), time(s.p95)];
    })];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) tokens.push(`${METRIC_INDENT}  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   ')}`);
    if (f.recoveryMs !== undefined) {
      tokens.push(`${METRIC_INDENT}  ${f.recovered
        ? ctx.decorate(`recovered ${formatDuration(f.recoveryMs)} after the fault (recovery_time)`, Ansi.green)
        : ctx.decorate(`not recovered ${formatDuration(f.recoveryMs)} after the fault, when the run ended`, Ansi.red)}`);
    }
    tokens.push(BREAK);
  }
  return tokens;
}

/**
 * The run's duration with the drain apart: the probes' drains run after the
 * load (before teardown) and count in the run's duration. Undefined without
 * a drain.
 */
function drainLine(data: SummaryData): string | undefined {
  const drains = Object.entries(data.metrics).filter(([key, m]) => /^probe_\w+_drain$/.test(key) && m.type === 'gauge' && m.values.samples !== undefined);
  if (drains.length === 0) return undefined;
  const drainMs = Math.max(...drains.map(([, m]) => m.values.max ?? 0));
  const total = data.state.testRunDurationMs;
  return `run ${formatDuration(total)}, of which ${formatDuration(drainMs)} draining after the load (${drains.map(([k]) => k.slice('probe_'.length, -'_drain'.length)).join(', ')})`;
}

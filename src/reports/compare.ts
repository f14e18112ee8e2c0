/**
 * `stampede compare <base> <run>`: two runs side by side as data — key
 * metric stats, per scenario, per threshold, per check, per chaos fault —
 * each with its change and whether that is better or worse — rendered as
 * text or Markdown (compare-html.ts renders it as a page).
 *
 * Per scenario, the numbers come from the runs' timelines, which hold a
 * series per scenario for every metric (the summary has `{scenario:…}`
 * submetrics only when a threshold names them): requests and iterations
 * are sums of the per-period counts, the error rate and the average
 * latency are per-period values weighted by the period's request count —
 * all exact. Percentiles cannot be rebuilt from per-period percentiles, so
 * a scenario's p(95) is shown only when the summary has the submetric.
 *
 * Chaos faults (summary.chaos) are matched by name: each with its recovery
 * time in both runs (a fault the load did not recover from is worse than
 * any recovery) and the error rate during its window.
 */
import { Ansi, decorator, formatTime, type Decorate } from './format.ts';
import type { RunReport } from './run-report.ts';
import type { SummaryCheck, SummaryFault, SummaryGroup, SummaryMetric } from './summary-data.ts';
import type { TimelineSeries } from './timeline.ts';
import { checkLabel, formatStat, mdCell, mdCode, mdTable, shortCommit, tagsText, textTable, thresholdAggregation, thresholdValue } from './report-text.ts';
import { K6_BUILTIN_METRIC_TYPES, slowestAcross, type Exemplar, type MetricType, type ValueType } from '../metrics/index.ts';
import { exemplarIds, exemplarStatus } from './exemplar-format.ts';

/** Which way is better for a value. */
export type Better = 'lower' | 'higher' | 'none';
/** How a value moved: better/worse by its direction, `changed` when it has none. */
export type Verdict = 'better' | 'worse' | 'same' | 'changed' | 'new' | 'gone';

/** Changes smaller than this (percent) count as the same. */
export const SAME_PCT = 1;

export interface Change {
  base?: number;
  run?: number;
  /** run − base */
  delta?: number;
  /** percent change from base; undefined when either is missing or base is 0 */
  changePct?: number;
  verdict: Verdict;
}

/** How a value is formatted: as the metric's type and contents say. */
export interface ValueKind {
  type: MetricType;
  contains: ValueType;
}

export interface MetricChange extends Change, ValueKind {
  /** metric or submetric key */
  key: string;
  stat: string;
  better: Better;
}

export interface ScenarioChange extends Change, ValueKind {
  scenario: string;
  /** what is measured, e.g. `http_reqs count`, `http_req_duration avg` */
  measure: string;
  /** where the numbers come from: the timeline's scenario series or the summary's submetric */
  source: 'timeline' | 'summary';
  better: Better;
}

export type ThresholdOutcome = 'now failing' | 'now passing' | 'passing' | 'failing' | 'new' | 'removed';

export interface ThresholdChange extends ValueKind {
  key: string;
  expression: string;
  /** ok in the base run; undefined when the base run had no such threshold */
  baseOk?: boolean;
  runOk?: boolean;
  baseValue?: number;
  runValue?: number;
  /** the aggregation the expression reads, e.g. `p(95)` */
  stat: string;
  outcome: ThresholdOutcome;
}

export interface CheckChange extends Change {
  /** `::group::name` */
  path: string;
  baseFails?: number;
  runFails?: number;
}

/** One chaos fault (matched by name) in both runs. */
export interface FaultChange {
  fault: string;
  /** what it did (`api down`), the run's, else the base's */
  what?: string;
  /** ms from the window's end until the load was back (lower is better); not recovered is worse than any recovery */
  recovery: Change & { baseRecovered?: boolean; runRecovered?: boolean };
  /** the error rate of the requests made during the window */
  duringErrorRate: Change;
  /** requests made during the window */
  duringRequests: { base?: number; run?: number };
}

export interface RunFacts {
  id?: string;
  script: string;
  startedAt: number;
  durationMs: number;
  status: string;
  exitCode?: number;
  commit?: string;
  tags: Record<string, string>;
}

export interface CompareData {
  format: 'stampede-compare/1';
  base: RunFacts;
  run: RunFacts;
  metrics: MetricChange[];
  scenarios: ScenarioChange[];
  thresholds: ThresholdChange[];
  checks: CheckChange[];
  /** the chaos faults of either run (empty without any) */
  chaos: FaultChange[];
  /** each run's slowest requests across names (exemplars), slowest first; empty for runs saved without them */
  slowest: { base: Exemplar[]; run: Exemplar[] };
  /** how many values got worse / better, and thresholds that now fail */
  totals: { worse: number; better: number; nowFailing: number; nowPassing: number };
}

/** How many of each run's slowest requests a comparison lists. */
const SLOWEST_SHOWN = 5;

/** The slowest-requests rows of both runs: run, duration, status, request, what finds it in the logs. */
export function slowestRows(d: CompareData): string[][] {
  const row = (which: string, ex: Exemplar) => [which, formatTime(ex.timings.duration), exemplarStatus(ex), `${ex.method} ${ex.url}`, exemplarIds(ex).join(' ') || '-'];
  return [...d.slowest.base.map((ex) => row('base', ex)), ...d.slowest.run.map((ex) => row('run', ex))];
}

/** Key stats per built-in metric, with which way is better. */
const KEY_STATS: readonly [metric: string, stats: readonly string[], better: Better][] = [
  ['http_reqs', ['count', 'rate'], 'higher'],
  ['http_req_duration', ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'], 'lower'],
  ['http_req_failed', ['rate'], 'lower'],
  ['iterations', ['count', 'rate'], 'higher'],
  ['iteration_duration', ['avg', 'p(95)'], 'lower'],
  ['dropped_iterations', ['count'], 'lower'],
  ['checks', ['rate'], 'higher'],
  ['script_errors', ['count'], 'lower'],
];
/** Stampede's own built-in metrics that are not key stats (how late iterations started or VUs woke, the generator's memory; the chaos drills', compared per fault). */
const NOT_KEY = new Set(['iteration_lateness', 'sleep_lateness', 'generator_memory', 'chaos_fault', 'recovery_time']);
const CUSTOM_STATS: Readonly<Record<MetricType, readonly string[]>> = {
  trend: ['avg', 'p(90)', 'p(95)', 'max'],
  counter: ['count', 'rate'],
  rate: ['rate'],
  gauge: ['value'],
};

/** Percent change and verdict of a value that is better `better`. */
export function changeOf(base: number | undefined, run: number | undefined, better: Better): Change {
  if (base === undefined && run === undefined) return { verdict: 'same' };
  if (base === undefined) return { run, verdict: 'new' };
  if (run === undefined) return { base, verdict: 'gone' };
  const delta = run - base;
  const changePct = base !== 0 ? (delta / Math.abs(base)) * 100 : delta === 0 ? 0 : undefined;
  const same = delta === 0 || (changePct !== undefined && Math.abs(changePct) < SAME_PCT);
  let verdict: Verdict = 'same';
  if (!same) verdict = better === 'none' ? 'changed' : (delta < 0) === (better === 'lower') ? 'better' : 'worse';
  return { base, run, delta, changePct, verdict };
}

function facts(r: RunReport): RunFacts {
  return { id: r.id, script: r.script, startedAt: r.startedAt, durationMs: r.durationMs, status: r.status, exitCode: r.exitCode, commit: r.commit, tags: r.tags ?? {} };
}

const baseName = (key: string) => key.split('{', 1)[0];
const isCustom = (name: string) => !(name in K6_BUILTIN_METRIC_TYPES) && !NOT_KEY.has(name) && !name.startsWith('browser_');
const scenarioOf = (key: string) => /^[^{]+\{scenario:([^,{}]+)\}$/.exec(key)?.[1];

/** Compares `run` with `base`. */
export function compareRuns(base: RunReport, run: RunReport): CompareData {
  const bm = base.summary?.metrics ?? {};
  const rm = run.summary?.metrics ?? {};
  const keys = [...new Set([...Object.keys(bm), ...Object.keys(rm)])];
  const kind = (key: string): ValueKind => {
    const m = rm[key] ?? bm[key];
    return { type: m.type, contains: m.contains };
  };
  const statsOf = (key: string): { stats: readonly string[]; better: Better } | undefined => {
    const name = baseName(key);
    const known = KEY_STATS.find(([m]) => m === name);
    if (known) return { stats: known[1], better: known[2] };
    if (!isCustom(name)) return undefined;
    const k = kind(key);
    return { stats: CUSTOM_STATS[k.type], better: k.type === 'trend' && k.contains === 'time' ? 'lower' : 'none' };
  };

  const metrics: MetricChange[] = [];
  const scenarioRows: ScenarioChange[] = [];
  for (const key of orderKeys(keys)) {
    if (key.endsWith('{expected_response:true}')) continue; // always there, says what http_req_duration says
    const spec = statsOf(key);
    if (!spec) continue;
    const scenario = scenarioOf(key);
    for (const stat of spec.stats) {
      const b = bm[key]?.values[stat];
      const r = rm[key]?.values[stat];
      if (b === undefined && r === undefined) continue;
      const change = { ...changeOf(b, r, spec.better), ...kind(key) };
      if (scenario !== undefined) {
        scenarioRows.push({ scenario, measure: `${baseName(key)} ${stat}`, source: 'summary', better: spec.better, ...change });
      } else {
        metrics.push({ key, stat, better: spec.better, ...change });
      }
    }
  }

  // a submetric in the summary says the same as the timeline's rebuilt value, and has percentiles too
  const fromSummary = new Set(scenarioRows.map((s) => `${s.scenario}|${s.measure}`));
  const scenarios = [...timelineScenarioRows(base, run).filter((s) => !fromSummary.has(`${s.scenario}|${s.measure}`)), ...scenarioRows]
    .sort((a, b) => a.scenario.localeCompare(b.scenario));
  const thresholds = thresholdRows(bm, rm);
  const checks = checkRows(base.summary?.root_group, run.summary?.root_group);
  const chaos = faultRows(base.summary?.chaos, run.summary?.chaos);
  const all: Change[] = [...metrics, ...scenarios, ...checks, ...chaos.flatMap((f) => [f.recovery, f.duringErrorRate])];
  return {
    format: 'stampede-compare/1',
    base: facts(base),
    run: facts(run),
    metrics,
    scenarios,
    thresholds,
    checks,
    chaos,
    slowest: {
      base: base.exemplars ? slowestAcross(base.exemplars, SLOWEST_SHOWN) : [],
      run: run.exemplars ? slowestAcross(run.exemplars, SLOWEST_SHOWN) : [],
    },
    totals: {
      worse: all.filter((c) => c.verdict === 'worse').length,
      better: all.filter((c) => c.verdict === 'better').length,
      nowFailing: thresholds.filter((t) => t.outcome === 'now failing').length,
      nowPassing: thresholds.filter((t) => t.outcome === 'now passing').length,
    },
  };
}

/** Metric keys in KEY_STATS order, then custom metrics by name; each submetric after its metric. */
function orderKeys(keys: string[]): string[] {
  const rank = (key: string) => {
    const i = KEY_STATS.findIndex(([m]) => m === baseName(key));
    return i === -1 ? KEY_STATS.length : i;
  };
  return keys.sort((a, b) => rank(a) - rank(b) || baseName(a).localeCompare(baseName(b)) || (a.includes('{') ? 1 : 0) - (b.includes('{') ? 1 : 0) || a.localeCompare(b));
}

/** A scenario's totals rebuilt from its timeline series (see the header). */
interface ScenarioTotals {
  requests?: number;
  errorRate?: number;
  avgDuration?: number;
  iterations?: number;
  durationMs: number;
}

function scenarioTotals(r: RunReport): Map<string, ScenarioTotals> {
  const byScenario = new Map<string, Map<string, TimelineSeries>>();
  for (const s of r.timeline?.series ?? []) {
    if (s.scope.kind !== 'scenario') continue;
    let m = byScenario.get(s.scope.name);
    if (!m) byScenario.set(s.scope.name, (m = new Map()));
    m.set(`${s.metric}|${s.stat}`, s);
  }
  for (const name of r.scenarios ?? []) if (!byScenario.has(name)) byScenario.set(name, new Map());
  const durationMs = r.summary?.state.testRunDurationMs ?? r.durationMs;
  const out = new Map<string, ScenarioTotals>();
  for (const [name, series] of byScenario) {
    const sum = (key: string) => series.get(key)?.points.reduce((acc, [, v]) => acc + v, 0);
    const weights = new Map(series.get('http_reqs|count')?.points ?? []);
    const weighted = (key: string) => {
      let total = 0;
      let weight = 0;
      for (const [t, v] of series.get(key)?.points ?? []) {
        const w = weights.get(t) ?? 0;
        total += v * w;
        weight += w;
      }
      return weight > 0 ? total / weight : undefined;
    };
    out.set(name, { requests: sum('http_reqs|count'), errorRate: weighted('http_req_failed|rate'), avgDuration: weighted('http_req_duration|avg'), iterations: sum('iterations|count'), durationMs });
  }
  return out;
}

function timelineScenarioRows(base: RunReport, run: RunReport): ScenarioChange[] {
  const b = scenarioTotals(base);
  const r = scenarioTotals(run);
  const rows: ScenarioChange[] = [];
  const perSecond = (count: number | undefined, t: ScenarioTotals | undefined) => (count === undefined || !t || t.durationMs <= 0 ? undefined : count / (t.durationMs / 1000));
  for (const name of [...new Set([...b.keys(), ...r.keys()])].sort()) {
    const bt = b.get(name);
    const rt = r.get(name);
    const add = (measure: string, bv: number | undefined, rv: number | undefined, better: Better, k: ValueKind) => {
      if (bv === undefined && rv === undefined) return;
      rows.push({ scenario: name, measure, source: 'timeline', better, ...k, ...changeOf(bv, rv, better) });
    };
    const counter: ValueKind = { type: 'counter', contains: 'default' };
    add('http_reqs count', bt?.requests, rt?.requests, 'higher', counter);
    add('http_reqs rate', perSecond(bt?.requests, bt), perSecond(rt?.requests, rt), 'higher', counter);
    add('http_req_failed rate', bt?.errorRate, rt?.errorRate, 'lower', { type: 'rate', contains: 'default' });
    add('http_req_duration avg', bt?.avgDuration, rt?.avgDuration, 'lower', { type: 'trend', contains: 'time' });
    add('iterations count', bt?.iterations, rt?.iterations, 'higher', counter);
  }
  return rows;
}

function thresholdRows(bm: Record<string, SummaryMetric>, rm: Record<string, SummaryMetric>): ThresholdChange[] {
  const rows: ThresholdChange[] = [];
  const keys = [...new Set([...Object.keys(bm), ...Object.keys(rm)])].sort();
  for (const key of keys) {
    const bt = bm[key]?.thresholds ?? {};
    const rt = rm[key]?.thresholds ?? {};
    for (const expression of [...new Set([...Object.keys(bt), ...Object.keys(rt)])]) {
      const baseOk = bt[expression]?.ok;
      const runOk = rt[expression]?.ok;
      const outcome: ThresholdOutcome = baseOk === undefined ? 'new' : runOk === undefined ? 'removed'
        : baseOk && !runOk ? 'now failing' : !baseOk && runOk ? 'now passing' : runOk ? 'passing' : 'failing';
      const m = rm[key] ?? bm[key];
      rows.push({
        key, expression, baseOk, runOk, outcome,
        stat: thresholdAggregation(expression),
        baseValue: bm[key] && baseOk !== undefined ? thresholdValue(bm[key], expression) : undefined,
        runValue: rm[key] && runOk !== undefined ? thresholdValue(rm[key], expression) : undefined,
        type: m.type, contains: m.contains,
      });
    }
  }
  const order: ThresholdOutcome[] = ['now failing', 'failing', 'new', 'removed', 'now passing', 'passing'];
  return rows.sort((a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome));
}

function flattenChecks(g: SummaryGroup | undefined, into = new Map<string, SummaryCheck>()): Map<string, SummaryCheck> {
  if (!g) return into;
  for (const c of g.checks) into.set(c.path, c);
  for (const sub of g.groups) flattenChecks(sub, into);
  return into;
}

function checkRows(base: SummaryGroup | undefined, run: SummaryGroup | undefined): CheckChange[] {
  const b = flattenChecks(base);
  const r = flattenChecks(run);
  const passRate = (c: SummaryCheck | undefined) => (c && c.passes + c.fails > 0 ? c.passes / (c.passes + c.fails) : undefined);
  return [...new Set([...b.keys(), ...r.keys()])].map((path) => ({
    path,
    baseFails: b.get(path)?.fails,
    runFails: r.get(path)?.fails,
    ...changeOf(passRate(b.get(path)), passRate(r.get(path)), 'higher'),
  }));
}

/** A p95 or error rate read back from JSON: NaN (no requests) became null. */
const finite = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function faultRows(base: readonly SummaryFault[] | undefined, run: readonly SummaryFault[] | undefined): FaultChange[] {
  const b = new Map((base ?? []).map((f) => [f.name, f]));
  const r = new Map((run ?? []).map((f) => [f.name, f]));
  return [...new Set([...b.keys(), ...r.keys()])].map((name) => {
    const bf = b.get(name);
    const rf = r.get(name);
    const recovery: FaultChange['recovery'] = { ...changeOf(finite(bf?.recoveryMs), finite(rf?.recoveryMs), 'lower'), baseRecovered: bf?.recovered, runRecovered: rf?.recovered };
    // not recovered is worse than any recovery time (its time is only how long the run waited)
    if (bf?.recovered === true && rf?.recovered === false) recovery.verdict = 'worse';
    else if (bf?.recovered === false && rf?.recovered === true) recovery.verdict = 'better';
    else if (bf?.recovered === false && rf?.recovered === false) recovery.verdict = 'same';
    const errors = (f: SummaryFault | undefined) => (f && f.during.requests > 0 ? finite(f.during.errorRate) : undefined);
    return {
      fault: name, what: rf?.what ?? bf?.what, recovery,
      duringErrorRate: changeOf(errors(bf), errors(rf), 'lower'),
      duringRequests: { base: bf?.during.requests, run: rf?.during.requests },
    };
  });
}

const TIME_KIND: ValueKind = { type: 'trend', contains: 'time' };
const RATE_KIND: ValueKind = { type: 'rate', contains: 'default' };

/** A fault's recovery time in one run: `507ms`, `not recovered (3.4s)`, `—` without it. */
export function formatRecovery(ms: number | undefined, recovered: boolean | undefined): string {
  if (ms === undefined) return '—';
  const time = formatStat(ms, 'max', TIME_KIND);
  return recovered === false ? `not recovered (${time})` : time;
}

/** The change of a recovery time: `+136.7 %`, or what it turned into when a run did not recover. */
export function formatRecoveryChange(c: FaultChange['recovery']): string {
  if (c.baseRecovered === true && c.runRecovered === false) return 'now not recovered';
  if (c.baseRecovered === false && c.runRecovered === true) return 'now recovered';
  if (c.baseRecovered === false && c.runRecovered === false) return '';
  return formatChange(c, TIME_KIND);
}

/** The cells of a fault's two rows (recovery time, error rate during), after its name: measure, base, run, change. */
export function faultCells(f: FaultChange): { recovery: string[]; errors: string[] } {
  return {
    recovery: ['recovery time', formatRecovery(f.recovery.base, f.recovery.baseRecovered), formatRecovery(f.recovery.run, f.recovery.runRecovered), formatRecoveryChange(f.recovery)],
    errors: ['error rate during', formatStat(f.duringErrorRate.base, 'rate', RATE_KIND), formatStat(f.duringErrorRate.run, 'rate', RATE_KIND), formatChange(f.duringErrorRate, RATE_KIND)],
  };
}

/** `outage (api down)` */
export const faultLabel = (f: FaultChange) => (f.what ? `${f.fault} (${f.what})` : f.fault);

// ---- rendering ----

const VERDICT_TEXT: Record<Verdict, string> = { better: '✓ better', worse: '✗ worse', same: '= same', changed: '~ changed', new: 'new', gone: 'gone' };
const VERDICT_MD: Record<Verdict, string> = { better: '🟢 better', worse: '🔴 worse', same: '⚪ same', changed: '🔵 changed', new: 'new', gone: 'gone' };
const OUTCOME_TEXT: Record<ThresholdOutcome, string> = {
  'now failing': '✓ → ✗ now failing', 'now passing': '✗ → ✓ now passing', passing: '✓ → ✓ passing', failing: '✗ → ✗ still failing', new: 'new', removed: 'removed',
};
const OUTCOME_MD: Record<ThresholdOutcome, string> = {
  'now failing': '✅ → ❌ **now failing**', 'now passing': '❌ → ✅ now passing', passing: '✅ → ✅', failing: '❌ → ❌ still failing', new: 'new', removed: 'removed',
};

/** `+31.2 %`, `-4.0 %`, `+1.00 pp` for rates (percentage points), `0 → x` when the base was 0. */
export function formatChange(c: Change, k: ValueKind): string {
  if (c.delta === undefined) return '';
  if (k.type === 'rate') return `${c.delta >= 0 ? '+' : '-'}${Math.abs(c.delta * 100).toFixed(2)} pp`;
  if (c.changePct === undefined) return 'from 0';
  return `${c.changePct >= 0 ? '+' : '-'}${Math.abs(c.changePct).toFixed(1)} %`;
}

const runLabel = (f: RunFacts) => f.id ?? f.script;

function factsLine(label: string, f: RunFacts): string[] {
  return [label, runLabel(f), new Date(f.startedAt).toISOString().slice(0, 19).replace('T', ' ') + 'Z', f.script,
    `${f.status}${f.exitCode ? ` (${f.exitCode})` : ''}`, shortCommit(f.commit) || '-', tagsText(f.tags) || '-'];
}

function headline(d: CompareData): string {
  const t = d.totals;
  const parts = [`${t.worse} worse`, `${t.better} better`];
  if (t.nowFailing) parts.push(`${t.nowFailing} threshold${t.nowFailing === 1 ? '' : 's'} now failing`);
  if (t.nowPassing) parts.push(`${t.nowPassing} threshold${t.nowPassing === 1 ? '' : 's'} now passing`);
  return parts.join(', ');
}

export interface CompareTextOptions {
  enableColors?: boolean;
}

/** The comparison for a terminal. */
export function renderCompareText(d: CompareData, opts: CompareTextOptions = {}): string {
  const deco = decorator(opts.enableColors ?? false);
  const mark = (v: Verdict) => colorVerdict(VERDICT_TEXT[v], v, deco);
  const out: string[] = [];
  out.push(`Comparing ${runLabel(d.run)} with base ${runLabel(d.base)}: ${headline(d)}`, '');
  out.push(...textTable([['', 'id', 'started', 'script', 'status', 'commit', 'tags'], factsLine('base', d.base), factsLine('run', d.run)], [], '  '), '');
  const section = (title: string, rows: string[][], right: boolean[]) => {
    if (rows.length <= 1) return;
    out.push(`  █ ${deco(title, Ansi.bold)}`, '', ...textTable(rows, right, '    '), '');
  };
  const valueRow = (name: string, c: Change & ValueKind, stat: string) =>
    [name, formatStat(c.base, stat, c), formatStat(c.run, stat, c), formatChange(c, c), mark(c.verdict)];
  section('METRICS', [['metric', 'base', 'run', 'change', ''], ...d.metrics.map((m) => valueRow(`${m.key} ${m.stat}`, m, m.stat))], [false, true, true, true, false]);
  section('SCENARIOS', [['scenario', 'measure', 'base', 'run', 'change', ''], ...d.scenarios.map((s) => [s.scenario, ...valueRow(s.measure, s, s.measure.split(' ').pop()!)])], [false, false, true, true, true, false]);
  section('THRESHOLDS', [['metric', 'threshold', 'base', 'run', ''], ...d.thresholds.map((t) => [t.key, t.expression, formatStat(t.baseValue, t.stat, t), formatStat(t.runValue, t.stat, t),
    t.outcome === 'now failing' || t.outcome === 'failing' ? deco(OUTCOME_TEXT[t.outcome], Ansi.red) : OUTCOME_TEXT[t.outcome]])], [false, false, true, true, false]);
  const rateKind: ValueKind = { type: 'rate', contains: 'default' };
  section('CHECKS', [['check', 'base', 'run', 'change', 'fails', ''], ...d.checks.map((c) => [checkLabel(c.path), formatStat(c.base, 'rate', rateKind), formatStat(c.run, 'rate', rateKind), formatChange(c, rateKind),
    `${c.baseFails ?? '-'} → ${c.runFails ?? '-'}`, mark(c.verdict)])], [false, true, true, true, true, false]);
  section('CHAOS', [['fault', 'measure', 'base', 'run', 'change', ''], ...d.chaos.flatMap((f) => {
    const cells = faultCells(f);
    return [[faultLabel(f), ...cells.recovery, mark(f.recovery.verdict)], [f.fault, ...cells.errors, mark(f.duringErrorRate.verdict)]];
  })], [false, false, true, true, true, false]);
  section('SLOWEST REQUESTS', [['', 'duration', 'status', 'request', 'ids'], ...slowestRows(d)], [false, true, false, false, false]);
  return `${out.join('\n')}\n`;
}

function colorVerdict(text: string, v: Verdict, deco: Decorate): string {
  return v === 'worse' ? deco(text, Ansi.red) : v === 'better' ? deco(text, Ansi.green) : text;
}

/** The comparison as Markdown, for a pull-request comment. */
export function renderCompareMarkdown(d: CompareData): string {
  const out: string[] = [];
  const icon = d.totals.nowFailing > 0 || d.run.status !== 'passed' ? '🔴' : d.totals.worse > 0 ? '🟡' : '🟢';
  out.push(`### ${icon} ${mdCode(runLabel(d.run))} compared with ${mdCode(runLabel(d.base))}`, '', headline(d), '');
  out.push(...mdTable(['', 'id', 'started', 'script', 'status', 'commit', 'tags'], [factsLine('**base**', d.base), factsLine('**run**', d.run)]
    .map((r) => r.map((c, i) => (i === 1 || i === 3 || i === 5) && c !== '-' ? mdCode(c) : mdCell(c)))), '');
  const valueRow = (name: string, c: Change & ValueKind, stat: string) =>
    [mdCell(name), formatStat(c.base, stat, c), formatStat(c.run, stat, c), formatChange(c, c), VERDICT_MD[c.verdict]];
  if (d.metrics.length) out.push('#### Metrics', '', ...mdTable(['Metric', 'Base', 'Run', 'Change', ''], d.metrics.map((m) => valueRow(`${m.key} ${m.stat}`, m, m.stat)), [false, true, true, true]), '');
  if (d.scenarios.length) out.push('#### Scenarios', '', ...mdTable(['Scenario', 'Measure', 'Base', 'Run', 'Change', ''], d.scenarios.map((s) => [mdCell(s.scenario), ...valueRow(s.measure, s, s.measure.split(' ').pop()!)]), [false, false, true, true, true]), '');
  if (d.thresholds.length) out.push('#### Thresholds', '', ...mdTable(['Metric', 'Threshold', 'Base', 'Run', ''], d.thresholds.map((t) => [mdCell(t.key), mdCode(t.expression), formatStat(t.baseValue, t.stat, t), formatStat(t.runValue, t.stat, t), OUTCOME_MD[t.outcome]]), [false, false, true, true]), '');
  const rateKind: ValueKind = { type: 'rate', contains: 'default' };
  if (d.checks.length) out.push('#### Checks', '', ...mdTable(['Check', 'Base', 'Run', 'Change', 'Fails', ''], d.checks.map((c) => [mdCell(checkLabel(c.path)), formatStat(c.base, 'rate', rateKind), formatStat(c.run, 'rate', rateKind), formatChange(c, rateKind), `${c.baseFails ?? '-'} → ${c.runFails ?? '-'}`, VERDICT_MD[c.verdict]]), [false, true, true, true, true]), '');
  if (d.chaos.length) {
    out.push('#### Chaos', '', ...mdTable(['Fault', 'Measure', 'Base', 'Run', 'Change', ''], d.chaos.flatMap((f) => {
      const cells = faultCells(f);
      return [[mdCell(faultLabel(f)), ...cells.recovery.map(mdCell), VERDICT_MD[f.recovery.verdict]], [mdCell(f.fault), ...cells.errors.map(mdCell), VERDICT_MD[f.duringErrorRate.verdict]]];
    }), [false, false, true, true, true]), '');
  }
  const slowest = slowestRows(d);
  if (slowest.length) out.push('#### Slowest requests', '', ...mdTable(['Run', 'Duration', 'Status', 'Request', 'IDs'], slowest.map(([w, dur, st, req, ids]) => [w, dur, mdCell(st), mdCell(mdCode(req)), ids === '-' ? '' : mdCell(mdCode(ids))]), [false, true, false, false, false]), '');
  return `${out.join('\n').trimEnd()}\n`;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeOf, compareRuns, renderCompareMarkdown, renderCompareText } from './compare.ts';
import { renderCompareHtml } from './compare-html.ts';
import type { RunReport } from './run-report.ts';
import type { SummaryFault, SummaryMetric } from './summary-data.ts';
import type { TimelineSeries } from './timeline.ts';

const trend = (values: Record<string, number>, thresholds?: Record<string, { ok: boolean }>): SummaryMetric => ({ type: 'trend', contains: 'time', values, thresholds });
const per = (name: string, metric: string, stat: string, values: number[]): TimelineSeries =>
  ({ metric, stat, scope: { kind: 'scenario', name }, points: values.map((v, i) => [(i + 1) * 1000, v] as [number, number]) });

function run(id: string, o: { p95: number; failed: number; reqs: number; ok: boolean; checkFails: number; apiAvg: [number, number]; custom?: number }): RunReport {
  const metrics: Record<string, SummaryMetric> = {
    http_reqs: { type: 'counter', contains: 'default', values: { count: o.reqs, rate: o.reqs / 2 } },
    http_req_duration: trend({ avg: o.p95 / 2, 'p(95)': o.p95, max: o.p95 * 2 }, { 'p(95)<100': { ok: o.ok } }),
    'http_req_duration{expected_response:true}': trend({ avg: 1, 'p(95)': 1 }),
    'http_req_duration{scenario:api}': trend({ 'p(95)': o.p95 + 1 }, { 'p(95)<200': { ok: true } }),
    http_req_failed: { type: 'rate', contains: 'default', values: { rate: o.failed, passes: 1, fails: 1 } },
    iteration_lateness: trend({ avg: 3 }),
  };
  if (o.custom !== undefined) metrics.login_time = trend({ avg: o.custom, 'p(95)': o.custom });
  else metrics.old_counter = { type: 'counter', contains: 'default', values: { count: 1, rate: 0.5 }, thresholds: { 'count>0': { ok: true } } };
  return {
    format: 'stampede-run/1', id, script: 'load.js', startedAt: Date.UTC(2026, 0, 2, 3, 4, 5), durationMs: 2000, status: o.ok ? 'passed' : 'failed', exitCode: o.ok ? 0 : 99,
    tags: { env: 'ci' }, commit: '0123456789abcdef', scenarios: ['api', 'web'], definitions: [],
    timeline: {
      periodMs: 1000, startedAt: 0,
      series: [
        per('api', 'http_reqs', 'count', [10, 30]),
        per('api', 'http_req_failed', 'rate', [0.5, 0]),
        per('api', 'http_req_duration', 'avg', o.apiAvg),
        per('api', 'iterations', 'count', [10, 30]),
        per('web', 'http_reqs', 'count', [5, 5]),
        per('web', 'http_req_failed', 'rate', [0, 0]),
      ],
    },
    summary: {
      root_group: { name: '', path: '', id: '', checks: [{ name: 'ok', path: '::ok', id: '', passes: 10, fails: 0 }],
        groups: [{ name: 'cart', path: '::cart', id: '', groups: [], checks: [{ name: 'added', path: '::cart::added', id: '', passes: 10 - o.checkFails, fails: o.checkFails }] }] },
      options: { summaryTrendStats: ['avg', 'p(95)', 'max'], summaryTimeUnit: '', noColor: true },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 2000 },
      metrics,
    },
  };
}

const base = run('20260102-030405-aaaa', { p95: 40, failed: 0.01, reqs: 50, ok: true, checkFails: 0, apiAvg: [100, 20], custom: 10 });
const slower = run('20260102-030505-bbbb', { p95: 52, failed: 0.03, reqs: 50, ok: false, checkFails: 2, apiAvg: [130, 26] });

test('changeOf: percent change, better or worse by direction, small changes are the same', () => {
  assert.deepEqual(changeOf(40, 52, 'lower'), { base: 40, run: 52, delta: 12, changePct: 30, verdict: 'worse' });
  assert.equal(changeOf(40, 52, 'higher').verdict, 'better');
  assert.equal(changeOf(40, 52, 'none').verdict, 'changed');
  assert.equal(changeOf(100, 100.5, 'lower').verdict, 'same');
  assert.deepEqual(changeOf(0, 0.02, 'lower'), { base: 0, run: 0.02, delta: 0.02, changePct: undefined, verdict: 'worse' });
  assert.deepEqual(changeOf(undefined, 3, 'lower'), { run: 3, verdict: 'new' });
});

test('metrics: key stats of built-in metrics and custom trends, with direction; noise metrics left out', () => {
  const d = compareRuns(base, slower);
  const row = (key: string, stat: string) => d.metrics.find((m) => m.key === key && m.stat === stat);
  assert.deepEqual({ ...row('http_req_duration', 'p(95)') }, { key: 'http_req_duration', stat: 'p(95)', better: 'lower', base: 40, run: 52, delta: 12, changePct: 30, verdict: 'worse', type: 'trend', contains: 'time' });
  assert.equal(row('http_reqs', 'rate')?.verdict, 'same');
  assert.equal(row('http_req_failed', 'rate')?.verdict, 'worse');
  assert.equal(row('login_time', 'avg')?.verdict, 'gone');
  assert.equal(row('old_counter', 'count')?.verdict, 'new');
  assert.equal(row('iteration_lateness', 'avg'), undefined);
  assert.equal(d.metrics.some((m) => m.key.includes('{')), false, 'submetrics go to their scenario or are left out');
  assert.deepEqual(d.metrics.slice(0, 5).map((m) => `${m.key} ${m.stat}`), ['http_reqs count', 'http_reqs rate', 'http_req_duration avg', 'http_req_duration p(95)', 'http_req_duration max']);
});

test('scenarios: exact totals from the timeline (request-weighted), p(95) from the summary submetric', () => {
  const d = compareRuns(base, slower);
  const row = (scenario: string, measure: string) => d.scenarios.find((s) => s.scenario === scenario && s.measure === measure);
  assert.equal(row('api', 'http_reqs count')?.base, 40);
  assert.equal(row('api', 'http_reqs rate')?.base, 20);
  assert.equal(row('api', 'http_req_failed rate')?.base, 0.125); // (0.5·10 + 0·30) / 40
  assert.equal(row('api', 'http_req_duration avg')?.base, 40); // (100·10 + 20·30) / 40
  assert.equal(row('api', 'http_req_duration avg')?.run, 52);
  assert.equal(row('api', 'http_req_duration avg')?.source, 'timeline');
  assert.deepEqual([row('api', 'http_req_duration p(95)')?.base, row('api', 'http_req_duration p(95)')?.run, row('api', 'http_req_duration p(95)')?.source], [41, 53, 'summary']);
  assert.equal(row('web', 'http_reqs count')?.run, 10);
  assert.equal(row('web', 'iterations count'), undefined, 'no iterations series for web');
});

test('thresholds: pass → fail first, then new/removed; checks by path', () => {
  const d = compareRuns(base, slower);
  assert.deepEqual(d.thresholds.map((t) => [t.key, t.expression, t.outcome, t.baseValue, t.runValue]), [
    ['http_req_duration', 'p(95)<100', 'now failing', 40, 52],
    ['old_counter', 'count>0', 'new', undefined, 1],
    ['http_req_duration{scenario:api}', 'p(95)<200', 'passing', 41, 53],
  ]);
  assert.deepEqual(d.checks.map((c) => [c.path, c.base, c.run, c.runFails, c.verdict]), [['::ok', 1, 1, 0, 'same'], ['::cart::added', 1, 0.8, 2, 'worse']]);
  assert.equal(d.totals.nowFailing, 1);
});

test('text, Markdown and HTML say the same: values, change and verdict', () => {
  const d = compareRuns(base, slower);
  const text = renderCompareText(d);
  assert.match(text, /^Comparing 20260102-030505-bbbb with base 20260102-030405-aaaa: \d+ worse, \d+ better, 1 threshold now failing\n/);
  assert.match(text, /base {2}20260102-030405-aaaa {2}2026-01-02 03:04:05Z {2}load\.js {2}passed +0123456 {2}env=ci/);
  assert.match(text, /\n {4}http_req_duration p\(95\) +40ms +52ms +\+30\.0 % {2}✗ worse\n/);
  assert.match(text, /\n {4}http_req_failed rate +1\.00% +3\.00% +\+2\.00 pp {2}✗ worse\n/);
  assert.match(text, /\n {4}api +http_req_duration avg +40ms +52ms +\+30\.0 % {2}✗ worse\n/);
  assert.match(text, /\n {4}http_req_duration +p\(95\)<100 +40ms +52ms {2}✓ → ✗ now failing\n/);
  assert.match(text, /\n {4}cart › added +100\.00% +80\.00% +-20\.00 pp +0 → 2 {2}✗ worse\n/);
  const md = renderCompareMarkdown(d);
  assert.match(md, /^### 🔴 `20260102-030505-bbbb` compared with `20260102-030405-aaaa`\n/);
  assert.ok(md.includes('| http_req_duration p(95) | 40ms | 52ms | +30.0 % | 🔴 worse |'), md);
  assert.ok(md.includes('| http_req_duration | `p(95)<100` | 40ms | 52ms | ✅ → ❌ **now failing** |'), md);
  assert.ok(md.includes('| http_req_duration{scenario:api} | `p(95)<200` |'), md);
  const html = renderCompareHtml(d);
  assert.match(html, /^<!doctype html>/);
  assert.doesNotMatch(html, /<script|https?:\/\//, 'self-contained, no script, no network');
  assert.match(html, /<tr class="worse"><td>http_req_duration<\/td><td><code>p\(95\)&lt;100<\/code><\/td><td class="n">40ms<\/td><td class="n">52ms<\/td><td>✓ → ✗ now failing<\/td><\/tr>/);
  assert.match(html, /<td>http_req_duration p\(95\)<\/td><td class="n">40ms<\/td><td class="n">52ms<\/td><td class="n">\+30\.0 %<\/td><td><span class="worse">▼ worse<\/span><\/td>/);
});

const fault = (name: string, recoveryMs: number | undefined, recovered: boolean | undefined, duringErrorRate: number): SummaryFault => ({
  name, what: 'api down', startMs: 2000, endMs: 3500,
  before: { requests: 70, errorRate: 0, p95: 5 },
  during: { requests: 50, errorRate: duringErrorRate, p95: 3 },
  after: { requests: 90, errorRate: 0, p95: 4 },
  recoveryMs, recovered,
});
const withChaos = (r: RunReport, chaos: SummaryFault[]): RunReport => ({ ...r, summary: { ...r.summary!, chaos } });

test('chaos: each fault of either run matched by name, recovery time side by side with its change, and the error rate during the window', () => {
  const a = withChaos(base, [fault('outage', 500, true, 1), fault('slow', 800, true, 0), fault('gone_now', 100, true, 0)]);
  const b = withChaos(slower, [fault('outage', 1250, true, 0.5), fault('slow', 3400, false, 0.02), fault('brand_new', 200, true, 0)]);
  const d = compareRuns(a, b);
  assert.deepEqual(d.chaos.map((f) => [f.fault, f.recovery.base, f.recovery.run, f.recovery.verdict]), [
    ['outage', 500, 1250, 'worse'], ['slow', 800, 3400, 'worse'], ['gone_now', 100, undefined, 'gone'], ['brand_new', undefined, 200, 'new'],
  ]);
  const outage = d.chaos[0];
  assert.equal(outage.recovery.changePct, 150);
  assert.deepEqual([outage.duringErrorRate.base, outage.duringErrorRate.run, outage.duringErrorRate.verdict], [1, 0.5, 'better']);
  assert.deepEqual(outage.duringRequests, { base: 50, run: 50 });
  assert.equal(d.chaos[1].recovery.runRecovered, false);
  assert.equal(d.metrics.some((m) => m.key.startsWith('recovery_time') || m.key.startsWith('chaos_fault')), false, 'the chaos metrics are compared per fault');

  const text = renderCompareText(d);
  assert.match(text, /\n {2}█ CHAOS\n\n {4}fault +measure +base +run +change\n/);
  assert.match(text, /\n {4}outage \(api down\) +recovery time +500ms +1\.25s +\+150\.0 % {2}✗ worse\n/);
  assert.match(text, /\n {4}outage +error rate during +100\.00% +50\.00% +-50\.00 pp {2}✓ better\n/);
  assert.match(text, /\n {4}slow \(api down\) +recovery time +800ms +not recovered \(3\.4s\) +now not recovered {2}✗ worse\n/);
  assert.match(text, /\n {4}gone_now \(api down\) +recovery time +100ms +— +gone\n/);
  assert.match(text, /\n {4}brand_new \(api down\) +recovery time +— +200ms +new\n/);
  const md = renderCompareMarkdown(d);
  assert.ok(md.includes('#### Chaos'), md);
  assert.ok(md.includes('| outage (api down) | recovery time | 500ms | 1.25s | +150.0 % | 🔴 worse |'), md);
  const html = renderCompareHtml(d);
  assert.match(html, /<h2>Chaos<\/h2>/);
  assert.match(html, /<tr class="worse"><td>outage \(api down\)<\/td><td>recovery time<\/td><td class="n">500ms<\/td><td class="n">1\.25s<\/td><td class="n">\+150\.0 %<\/td><td><span class="worse">▼ worse<\/span><\/td><\/tr>/);
  assert.deepEqual(JSON.parse(JSON.stringify(d)).chaos[0].recovery, { base: 500, run: 1250, delta: 750, changePct: 150, verdict: 'worse', baseRecovered: true, runRecovered: true });

  // runs without faults: no CHAOS part
  assert.deepEqual(compareRuns(base, slower).chaos, []);
  assert.doesNotMatch(renderCompareText(compareRuns(base, slower)), /CHAOS/);
});

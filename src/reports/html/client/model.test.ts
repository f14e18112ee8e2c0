import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport } from '../../run-report.ts';
import { OVERVIEW_CHARTS, BUILTIN_METRICS } from '../charts.ts';
import { chartData, moreCharts, scopeOptions, thresholdRows, totals, unitOf } from './model.ts';
import { formatUnit, formatMs, formatBytes, formatDuration, formatElapsed } from './format.ts';

const T0 = 1_700_000_000_000;

function report(over: Partial<RunReport> = {}): RunReport {
  return {
    format: 'stampede-run/1', script: 'load.js', startedAt: T0, durationMs: 3000, status: 'passed', exitCode: 0, tags: {}, scenarios: ['browse', 'api'],
    definitions: [
      { name: 'http_reqs', type: 'counter', contains: 'default' },
      { name: 'http_req_duration', type: 'trend', contains: 'time' },
      { name: 'http_req_failed', type: 'rate', contains: 'default' },
      { name: 'cart_size', type: 'gauge', contains: 'default' },
      { name: 'orders', type: 'counter', contains: 'default' },
      { name: 'http_req_waiting', type: 'trend', contains: 'time' },
    ],
    timeline: {
      periodMs: 1000, startedAt: T0,
      series: [
        { metric: 'http_reqs', stat: 'rate', scope: { kind: 'all' }, points: [[1000, 10], [2000, 12], [3000, 11]] },
        { metric: 'http_reqs', stat: 'count', scope: { kind: 'all' }, points: [[1000, 10], [2000, 12], [3000, 11]] },
        { metric: 'http_reqs', stat: 'rate', scope: { kind: 'scenario', name: 'api' }, points: [[2000, 5], [3000, 6]] },
        { metric: 'http_reqs', stat: 'rate', scope: { kind: 'group', name: '::checkout' }, points: [[3000, 2]] },
        { metric: 'http_req_duration', stat: 'p(95)', scope: { kind: 'all' }, points: [[1000, 40], [3000, 44]] },
        { metric: 'http_req_duration', stat: 'avg', scope: { kind: 'all' }, points: [[1000, 20], [2000, 21], [3000, 22]] },
        { metric: 'http_req_failed', stat: 'rate', scope: { kind: 'all' }, points: [[1000, 0], [2000, 0.5], [3000, 0]] },
        { metric: 'orders', stat: 'rate', scope: { kind: 'all' }, points: [[2000, 1]] },
        { metric: 'cart_size', stat: 'value', scope: { kind: 'all' }, points: [[2000, 3]] },
        { metric: 'http_req_waiting', stat: 'avg', scope: { kind: 'all' }, points: [[2000, 3]] },
      ],
    },
    ...over,
  };
}

test('scope options: whole test, each scenario, each group (by its readable name)', () => {
  assert.deepEqual(scopeOptions(report()), [
    { id: 'all', label: 'whole test' },
    { id: 'scenario:browse', label: 'scenario browse' },
    { id: 'scenario:api', label: 'scenario api' },
    { id: 'group:::checkout', label: 'group checkout' },
  ]);
});

test('chart data puts every timeline point on the union of period ends, nulls elsewhere', () => {
  const spec = OVERVIEW_CHARTS.find((c) => c.id === 'http_req_duration')!;
  const d = chartData(report(), spec, 'all');
  assert.deepEqual(d.x, [1, 2, 3]);
  assert.deepEqual(d.ys[0], [40, null, 44]); // p(95)
  assert.deepEqual(d.ys[1], [null, null, null]); // p(90): no series
  assert.deepEqual(d.ys[3], [20, 21, 22]); // avg
  assert.deepEqual(d.points, [2, 0, 0, 3]);
  const api = chartData(report(), OVERVIEW_CHARTS[0], 'scenario:api');
  assert.deepEqual(api.ys, [[5, 6]]);
  assert.deepEqual(chartData(report(), OVERVIEW_CHARTS[0], 'scenario:browse').points, [0]);
});

test('more charts: custom metrics first, then the other k6 metrics, each with its unit', () => {
  const more = moreCharts(report(), OVERVIEW_CHARTS, BUILTIN_METRICS);
  assert.deepEqual(more.map((c) => c.title), ['cart_size (custom)', 'orders (custom)', 'http_req_waiting']);
  assert.deepEqual(more.map((c) => c.unit), ['number', 'per-s', 'ms']);
  assert.deepEqual(more[2].series.map((s) => s.stat), ['p(95)', 'p(90)', 'med', 'avg']);
});

test('thresholds rows carry the value their aggregation names, in its unit', () => {
  const r = report({
    summary: {
      root_group: { name: '', path: '', id: '', groups: [], checks: [] },
      options: { summaryTrendStats: ['avg', 'p(95)'], summaryTimeUnit: '', noColor: true },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 3000 },
      metrics: {
        http_req_duration: { type: 'trend', contains: 'time', values: { avg: 21, 'p(95)': 44 }, thresholds: { 'p( 95 ) < 30': { ok: false }, 'avg<100': { ok: true } } },
        http_reqs: { type: 'counter', contains: 'default', values: { count: 33, rate: 11 }, thresholds: { 'count>10': { ok: true } } },
        http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.25, passes: 3, fails: 9 }, thresholds: { 'rate<0.01': { ok: false } } },
      },
    },
  });
  const rows = thresholdRows(r);
  assert.deepEqual(rows.map((x) => [x.metric, x.expression, x.ok, x.value, x.unit]), [
    ['http_req_duration', 'p( 95 ) < 30', false, 44, 'ms'],
    ['http_req_duration', 'avg<100', true, 21, 'ms'],
    ['http_reqs', 'count>10', true, 33, 'count'],
    ['http_req_failed', 'rate<0.01', false, 0.25, 'percent'],
  ]);
  const t = totals(r, formatUnit);
  assert.equal(t.find((x) => x.key === 'http_reqs')!.value, 33);
  assert.equal(t.find((x) => x.key === 'http_req_failed')!.detail, '3 failed');
});

test('while running (no summary) the totals add up the timeline', () => {
  const t = totals(report({ status: 'running' }), formatUnit);
  assert.equal(t.find((x) => x.key === 'http_reqs')!.value, 33);
  // failure rate weighted by each period's requests: 0.5 × 12 / 33
  assert.ok(Math.abs(t.find((x) => x.key === 'http_req_failed')!.value! - 6 / 33) < 1e-12);
  assert.equal(t.find((x) => x.key === 'http_req_duration')!.value, 44);
});

test('units and formatting', () => {
  assert.equal(unitOf('counter', 'data', 'count'), 'bytes');
  assert.equal(unitOf('counter', 'data', 'rate'), 'bytes-per-s');
  assert.equal(unitOf('rate', 'default', 'rate'), 'percent');
  assert.equal(unitOf('gauge', 'default', 'value'), 'number');
  assert.equal(formatMs(0.25), '250µs');
  assert.equal(formatMs(12.34), '12.3ms');
  assert.equal(formatMs(1520), '1.52s');
  assert.equal(formatMs(125_000), '2m5s');
  assert.equal(formatBytes(1_234_567), '1.2 MB');
  assert.equal(formatUnit(0.1234, 'percent'), '12.34%');
  assert.equal(formatUnit(12345, 'count'), '12,345');
  assert.equal(formatUnit(undefined, 'ms'), '–');
  assert.equal(formatDuration(8230), '8.2s');
  assert.equal(formatElapsed(65), '1:05');
  assert.equal(formatElapsed(3725), '1:02:05');
});

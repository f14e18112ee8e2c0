import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport } from '../../run-report.ts';
import { OVERVIEW_CHARTS, BUILTIN_METRICS } from '../charts.ts';
import { chartData, durationMs, faultBands, faultRows, moreCharts, probeNames, probesView, scopeOptions, thresholdRows, timeRange, totals, unitOf } from './model.ts';
import { drainNote, formatUnit, formatMs, formatBytes, formatDuration, formatElapsed } from './format.ts';

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

/** A run with probes as the timeline may hold them: `queue` with one series per BullMQ state (tagged), `cache` untagged, `down` never read. */
function probeReport(over: Partial<RunReport> = {}): RunReport {
  const base = report();
  return report({
    options: { probes: { queue: { redis: 'redis://x', bullmq: 'emails', drain: { until: 'value == 0', timeout: '5m' } }, cache: { http: 'http://x', drain: { until: 'value < 10', timeout: '2s' } }, down: { http: 'http://y' } } },
    definitions: [
      ...base.definitions,
      { name: 'probe_errors', type: 'counter', contains: 'default' },
      { name: 'probe_queue', type: 'gauge', contains: 'default' },
      { name: 'probe_queue_drain', type: 'gauge', contains: 'time' },
      { name: 'probe_cache', type: 'gauge', contains: 'default' },
      { name: 'probe_cache_drain', type: 'gauge', contains: 'time' },
      { name: 'probe_down', type: 'gauge', contains: 'default' },
    ],
    timeline: {
      ...base.timeline,
      series: [
        ...base.timeline.series,
        { metric: 'probe_queue', stat: 'value', scope: { kind: 'all' }, tags: { state: 'waiting' }, points: [[1000, 50], [2000, 20], [4000, 0]] },
        { metric: 'probe_queue', stat: 'value', scope: { kind: 'all' }, tags: { state: 'active' }, points: [[1000, 3], [2000, 3]] },
        { metric: 'probe_queue_drain', stat: 'value', scope: { kind: 'all' }, tags: { drained: 'true' }, points: [[4000, 1400]] },
        { metric: 'probe_cache', stat: 'value', scope: { kind: 'all' }, points: [[1000, 30], [3000, 40]] },
        { metric: 'probe_cache_drain', stat: 'value', scope: { kind: 'all' }, points: [[5000, 2000]] },
        { metric: 'probe_errors', stat: 'count', scope: { kind: 'all' }, tags: { probe: 'down' }, points: [[1000, 2], [2000, 3]] },
      ] as RunReport['timeline']['series'],
    },
    ...over,
  });
}

test('probes: one panel per probe in declared order, a line per tagged series, the drain, the failed reads; none under "More metrics"', () => {
  const r = probeReport();
  assert.deepEqual(probeNames(r), ['queue', 'cache', 'down']);
  const view = probesView(r);
  const [queue, cache, down] = view.panels;
  assert.deepEqual(queue.spec, { id: 'probe:queue', title: 'queue', unit: 'number', series: [{ metric: 'probe_queue', stat: 'value', label: 'state=active' }, { metric: 'probe_queue', stat: 'value', label: 'state=waiting' }] });
  assert.deepEqual(queue.data, { x: [1, 2, 4], ys: [[3, 3, null], [50, 20, 0]], points: [2, 3] });
  assert.deepEqual(queue.drain, { until: 'value == 0', ms: 1400, drained: true });
  assert.equal(queue.errors, undefined, 'the errors are told apart by probe: none for queue');
  assert.deepEqual(cache.spec.series.map((s) => s.label), ['cache'], 'an untagged series is named after its probe');
  const tagged = probeReport({ tags: { team: 'checkout' } });
  for (const s of tagged.timeline.series as { metric: string; tags?: Record<string, string> }[]) if (s.metric === 'probe_queue') s.tags = { ...s.tags, team: 'checkout' };
  assert.deepEqual(probesView(tagged).panels[0].spec.series.map((s) => s.label), ['state=active', 'state=waiting'], 'the run\'s own tags are left out of the legend');
  // no drained tag: the time waited reached the timeout
  assert.deepEqual(cache.drain, { until: 'value < 10', ms: 2000, drained: false });
  assert.deepEqual(down.data.points, []);
  assert.equal(down.errors, 5);
  assert.equal(view.unattributedErrors, 0);
  assert.deepEqual(timeRange(r), [1, 5], 'every chart shares the whole timeline\'s x range');
  const more = moreCharts(r, OVERVIEW_CHARTS, BUILTIN_METRICS).map((c) => c.id);
  assert.deepEqual(more.filter((id) => id.includes('probe')), []);
  assert.equal(drainNote(queue.drain, false)!.text, 'drained to value == 0 in 1.4s after the load');
  assert.equal(drainNote(cache.drain, false)!.text, 'did not drain to value < 10 within 2s after the load');
  assert.equal(drainNote({ until: 'value == 0' }, true)!.text, 'drain to value == 0: timed after the load');
});

test('probes without tags in the data: errors from the summary\'s submetric, else for the whole section; drained:false from the summary', () => {
  const r = probeReport();
  r.timeline.series = r.timeline.series.filter((s) => s.metric !== 'probe_errors' && s.metric !== 'probe_queue_drain');
  r.summary = {
    root_group: { name: '', path: '', id: '', groups: [], checks: [] },
    options: { summaryTrendStats: ['avg'], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 3000 },
    metrics: {
      probe_errors: { type: 'counter', contains: 'default', values: { count: 7, rate: 1 } },
      'probe_errors{probe:down}': { type: 'counter', contains: 'default', values: { count: 4, rate: 1 } },
      probe_queue_drain: { type: 'gauge', contains: 'time', values: { value: 300_000 } },
      'probe_queue_drain{drained:false}': { type: 'gauge', contains: 'time', values: { value: 300_000 } },
    },
  };
  const view = probesView(r);
  assert.equal(view.panels[2].errors, 4);
  assert.equal(view.unattributedErrors, 3);
  assert.deepEqual(view.panels[0].drain, { until: 'value == 0', ms: 300_000, drained: false });
  assert.equal(durationMs('1m30s'), 90_000);
  assert.equal(durationMs('250ms'), 250);
  assert.equal(durationMs(1500), 1500);
  assert.equal(durationMs('soon'), undefined);
});

test('fault bands: from summary.chaos at the end; live from chaos_fault (opens at 1, closes at 0), sharpened by the fault\'s at/duration', () => {
  const gauge = (fault: string, points: [number, number][]) => ({ metric: 'chaos_fault', stat: 'value', scope: { kind: 'all' as const }, tags: { fault }, points });
  const stretch = { requests: 1, errorRate: 0, p95: 1 };
  const done = report({ summary: { root_group: { name: '', path: '', id: '', groups: [], checks: [] }, options: { summaryTrendStats: [], summaryTimeUnit: '', noColor: true }, state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 3000 }, metrics: {},
    chaos: [{ name: 'outage', what: 'api down', startMs: 2001, endMs: 3508, before: stretch, during: stretch, after: stretch, recoveryMs: 507, recovered: true }] } });
  assert.deepEqual(faultBands(done), [{ name: 'outage', start: 2.001, end: 3.508, open: false }]);
  assert.equal(faultRows(done)[0].recoveryMs, 507);

  const base = report();
  const live = (series: ReturnType<typeof gauge>[], options?: Record<string, unknown>) => faultBands({ ...base, status: 'running', options, timeline: { ...base.timeline, series: [...base.timeline.series, ...series] } });
  // periods of 1 s: the window opened in (1 s, 2 s] and closed in (2 s, 3 s]
  assert.deepEqual(live([gauge('outage', [[2000, 1], [3000, 0]])]), [{ name: 'outage', start: 1, end: 3, open: false }]);
  assert.deepEqual(live([gauge('outage', [[2000, 1], [3000, 0]])], { chaos: { outage: { at: '1500ms', duration: '1s' } } }), [{ name: 'outage', start: 1.5, end: 2.5, open: false }]);
  // still open: up to the timeline's last point
  assert.deepEqual(live([gauge('slow', [[2000, 1]])]), [{ name: 'slow', start: 1, end: 3, open: true }]);
  // shorter than a period: only its close is seen
  assert.deepEqual(live([gauge('blip', [[3000, 0]])]), [{ name: 'blip', start: 2, end: 3, open: false }]);
  const rows = faultRows({ ...base, status: 'running', options: { chaos: { slow: { at: '1s', duration: '1m', proxy: 'db', fault: { type: 'latency' } } } }, timeline: { ...base.timeline, series: [...base.timeline.series, gauge('slow', [[2000, 1]])] } });
  assert.deepEqual(rows, [{ name: 'slow', what: 'db latency', startMs: 1000, endMs: undefined, open: true, recoveryMs: undefined, recovered: undefined }]);
  // no chart of their own
  const withChaos = { ...base, timeline: { ...base.timeline, series: [...base.timeline.series, gauge('x', [[2000, 1]]), { metric: 'recovery_time', stat: 'max', scope: { kind: 'all' as const }, points: [[3000, 5]] as [number, number][] }] } };
  assert.equal(moreCharts(withChaos, OVERVIEW_CHARTS, BUILTIN_METRICS).some((c) => /chaos_fault|recovery_time/.test(c.id)), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTextSummary, metricCategory } from './text-summary.ts';
import { renderTextSummaryLegacy } from './text-summary-legacy.ts';
import { buildSummaryData, type SummaryData } from './summary-data.ts';
import { Batcher, MetricStore, parseThresholds, evaluateThresholds, type ThresholdResult } from '../metrics/index.ts';

const DEFS = [
  ['checks', 'rate', 'default'], ['data_received', 'counter', 'data'], ['http_req_duration', 'trend', 'time'],
  ['http_req_failed', 'rate', 'default'], ['http_reqs', 'counter', 'default'], ['http_req_waiting', 'trend', 'time'],
  ['iterations', 'counter', 'default'], ['vus', 'gauge', 'default'], ['my_trend', 'trend', 'default'],
] as const;

/** A 10 s run: 4 requests (100..400 ms, the last one failed), checks in the root and in group "g". */
function fixture(opts: { thresholds?: Record<string, string[]>; trendStats?: string[]; timeUnit?: string; checks?: boolean } = {}): { data: SummaryData; results: ThresholdResult[] } {
  const b = new Batcher();
  for (const [name, type, contains] of DEFS) b.define({ name, type, contains });
  [100, 200, 300, 400].forEach((v, i) => {
    b.add('http_req_duration', { expected_response: i < 3 ? 'true' : 'false' }, v, i);
    b.add('http_req_waiting', {}, v - 1, i);
    b.add('http_reqs', {}, 1, i);
    b.add('http_req_failed', {}, i === 3 ? 1 : 0, i);
    if (opts.checks !== false) {
      b.add('checks', { check: 'is up', group: '' }, 1, i);
      b.add('checks', { check: 'status is 200', group: '::g' }, i === 3 ? 0 : 1, i);
    }
  });
  b.add('iterations', {}, 1, 0);
  b.add('iterations', {}, 1, 1);
  b.add('vus', {}, 1, 0);
  b.add('data_received', {}, 5000, 0);
  b.add('my_trend', {}, 1.5, 0);
  b.add('my_trend', {}, 2.5, 0);
  const store = new MetricStore();
  store.merge(b.cut()!);
  const results = evaluateThresholds(store, parseThresholds(opts.thresholds ?? {}), { durationMs: 10_000 });
  const data = buildSummaryData(store, {
    durationMs: 10_000,
    options: { summaryTrendStats: opts.trendStats ?? ['avg', 'min', 'max', 'count'], summaryTimeUnit: opts.timeUnit ?? '', noColor: true },
    thresholds: results,
  });
  return { data, results };
}

const THRESHOLDS = {
  http_req_duration: ['max<350', 'avg<1000'],
  'http_req_duration{expected_response:true}': ['max<500'],
  http_req_failed: ['rate<0.5'],
  http_reqs: ['rate>0.1', 'count>=4'],
};

test('compact layout: thresholds, checks, metrics by category, aligned columns', () => {
  const { data } = fixture({ thresholds: THRESHOLDS });
  const expected = [
    '',
    '  █ THRESHOLDS',
    '',
    '    http_req_duration',
    "    ✗ 'max<350' max=400ms",
    "    ✓ 'avg<1000' avg=250ms",
    '',
    '      {expected_response:true}',
    "      ✓ 'max<500' max=300ms",
    '',
    '    http_req_failed',
    "    ✓ 'rate<0.5' rate=25.00%",
    '',
    '    http_reqs',
    "    ✓ 'rate>0.1' rate=0.4/s",
    "    ✓ 'count>=4' count=4",
    '',
    '',
    '  █ TOTAL RESULTS',
    '',
    '    checks_total.......................: 8      0.8/s',
    '    checks_succeeded...................: 87.50% 7 out of 8',
    '    checks_failed......................: 12.50% 1 out of 8',
    '',
    '    ✓ is up',
    '    ✗ status is 200',
    '      ↳  75% — ✓ 3 / ✗ 1',
    '',
    '    CUSTOM',
    '    my_trend...........................: avg=2     min=1.5   max=2.5   count=2',
    '',
    '    HTTP',
    '    http_req_duration..................: avg=250ms min=100ms max=400ms count=4',
    '      { expected_response:true }.......: avg=200ms min=100ms max=300ms count=3',
    '    http_req_failed....................: 25.00% 1 out of 4',
    '    http_reqs..........................: 4      0.4/s',
    '',
    '    EXECUTION',
    '    iterations.........................: 2      0.2/s',
    '    vus................................: 1      min=1      max=1',
    '',
    '    NETWORK',
    '    data_received......................: 5.0 kB 500 B/s',
    '    data_sent..........................: 0 B    0 B/s',
    '',
    '',
  ].join('\n');
  assert.equal(renderTextSummary(data), expected);
  assert.equal(renderTextSummary(data, { indent: ' ' }), expected);
});

test('without thresholds or checks those blocks are left out', () => {
  const out = renderTextSummary(fixture({ checks: false }).data);
  assert.ok(!out.includes('THRESHOLDS'));
  assert.ok(!out.includes('checks_total'));
  assert.ok(out.startsWith('\n  █ TOTAL RESULTS\n\n    CUSTOM\n'));
});

test('a threshold value not in summaryTrendStats comes from the evaluated results', () => {
  const { data, results } = fixture({ thresholds: { http_req_duration: ['p(99)<1000'] } });
  assert.match(renderTextSummary(data, { thresholdResults: results }), /✓ 'p\(99\)<1000' p\(99\)=39\d(\.\d+)?ms\n/);
  assert.match(renderTextSummary(data), /✓ 'p\(99\)<1000'\n/);
});

test('default trend stats and percentiles', () => {
  const out = renderTextSummary(fixture({ trendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'] }).data);
  assert.match(out, /http_req_duration\.+: avg=250ms min=100ms med=2\d\d(\.\d+)?ms max=400ms p\(90\)=3\d\d(\.\d+)?ms p\(95\)=3\d\d(\.\d+)?ms\n/);
});

test('summaryTimeUnit forces the unit', () => {
  const out = renderTextSummary(fixture({ timeUnit: 's' }).data);
  assert.match(out, /http_req_duration\.+: avg=0\.25s min=0\.10s max=0\.40s count=4\n/);
});

test('colors decorate without breaking alignment; indent prefixes every line', () => {
  const { data } = fixture({ thresholds: THRESHOLDS });
  const plain = renderTextSummary(data);
  const colored = renderTextSummary(data, { enableColors: true });
  assert.ok(colored.includes('\x1b[1mTOTAL RESULTS\x1b[0m'));
  assert.ok(colored.includes('\x1b[31m✗\x1b[0m'));
  assert.equal(colored.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''), plain);
  const arrows = renderTextSummary(data, { indent: '→' });
  assert.ok(arrows.includes('\n→    http_reqs......'));
  assert.ok(arrows.split('\n').every((l) => l === '' || l.startsWith('→')));
});

test('legacy layout: checks by group, then every metric with threshold marks', () => {
  const { data } = fixture({ thresholds: { http_req_duration: ['max<350'], http_req_failed: ['rate<0.5'] } });
  assert.equal(renderTextSummaryLegacy(data), [
    '     ✓ is up',
    '',
    '     █ g\n',
    '       ✗ status is 200',
    '        ↳  75% — ✓ 3 / ✗ 1',
    '',
    '     checks.........................: 87.50% 7 out of 8',
    '     data_received..................: 5.0 kB 500 B/s',
    '     data_sent......................: 0 B    0 B/s',
    '   ✗ http_req_duration..............: avg=250ms min=100ms max=400ms count=4',
    '       { expected_response:true }...: avg=200ms min=100ms max=300ms count=3',
    '   ✓ http_req_failed................: 25.00% 1 out of 4',
    '     http_req_waiting...............: avg=249ms min=99ms  max=399ms count=4',
    '     http_reqs......................: 4      0.4/s',
    '     iterations.....................: 2      0.2/s',
    '     my_trend.......................: avg=2     min=1.5   max=2.5   count=2',
    '     vus............................: 1      min=1      max=1',
  ].join('\n'));
});

test('metric categories follow k6', () => {
  const cases: [string, string][] = [
    ['http_req_duration', 'HTTP'], ['http_requests_custom', 'CUSTOM'], ['iteration_duration', 'EXECUTION'], ['dropped_iterations', 'EXECUTION'], ['iteration_lateness', 'EXECUTION'],
    ['data_sent', 'NETWORK'], ['ws_ping', 'WEBSOCKET'], ['grpc_req_duration', 'GRPC'], ['browser_web_vital_lcp', 'WEBVITALS'],
    ['browser_http_req_duration', 'BROWSER'], ['my_metric', 'CUSTOM'],
  ];
  for (const [name, category] of cases) assert.equal(metricCategory(name), category, name);
});

/** The summary of a run of `durationMs` whose samples `fill` adds (k6's built-in definitions). */
function summaryOf(durationMs: number, fill: (add: (metric: string, tags: Record<string, string>, value: number) => void) => void): SummaryData {
  const b = new Batcher();
  for (const [name, type, contains] of [...DEFS, ['data_sent', 'counter', 'data'], ['iteration_duration', 'trend', 'time']] as const) b.define({ name, type, contains });
  let t = 0;
  fill((metric, tags, value) => b.add(metric, tags, value, t++));
  const store = new MetricStore();
  store.merge(b.cut()!);
  return buildSummaryData(store, { durationMs, options: { summaryTrendStats: ['avg', 'max'], summaryTimeUnit: '', noColor: true } });
}

test('a run without HTTP shows NETWORK with 0 B, and no HTTP section', () => {
  const out = renderTextSummary(summaryOf(2_000, (add) => {
    add('iterations', {}, 1);
    add('iteration_duration', {}, 1000);
    add('vus', {}, 1);
  }));
  assert.ok(out.endsWith([
    '    EXECUTION',
    '    iteration_duration.................: avg=1s max=1s',
    '    iterations.........................: 1   0.5/s',
    '    vus................................: 1   min=1 max=1',
    '',
    '    NETWORK',
    '    data_received......................: 0 B 0 B/s',
    '    data_sent..........................: 0 B 0 B/s',
    '',
    '',
  ].join('\n')), out);
  assert.ok(!out.includes('HTTP'));
  assert.ok(!out.includes('expected_response'));
});

test('every request failed: no empty { expected_response:true } line', () => {
  const out = renderTextSummary(summaryOf(2_000, (add) => {
    add('http_req_duration', { expected_response: 'false' }, 3);
    add('http_req_failed', {}, 1);
    add('http_reqs', {}, 1);
  }));
  assert.match(out, /http_req_duration\.+: avg=3ms max=3ms\n {4}http_req_failed/);
  assert.ok(!out.includes('expected_response'), out);
});

test('data rates are rounded as k6 rounds byte sizes: 321 B in 36.5 s is 8.8 B/s, 321 kB is 8.8 kB/s', () => {
  const out = renderTextSummary(summaryOf(36_502, (add) => {
    add('data_sent', {}, 321);
    add('data_received', {}, 321_000);
  }));
  assert.match(out, /data_received\.+: 321 kB 8\.8 kB\/s\n/);
  assert.match(out, /data_sent\.+: 321 B {2}8\.8 B\/s\n/);
  const legacy = renderTextSummaryLegacy(summaryOf(36_502, (add) => add('data_sent', {}, 321)));
  assert.match(legacy, /data_sent\.+: 321 B 8\.8 B\/s$/m);
});

test('probes have their own PROBES block: the value with start, min, max and samples; their errors and drains beside them', () => {
  const b = new Batcher();
  b.define({ name: 'probe_queue', type: 'gauge', contains: 'default' });
  b.define({ name: 'probe_queue_drain', type: 'gauge', contains: 'time' });
  b.define({ name: 'probe_errors', type: 'counter', contains: 'default' });
  b.define({ name: 'vus', type: 'gauge', contains: 'default' });
  [120, 340, 55, 0].forEach((v, i) => b.add('probe_queue', {}, v, 1000 + i));
  b.add('probe_queue_drain', { drained: 'true' }, 1400, 2000);
  b.add('probe_errors', { probe: 'queue' }, 1);
  b.add('vus', {}, 3, 1000);
  const store = new MetricStore();
  store.merge(b.cut()!);
  const data = buildSummaryData(store, { durationMs: 10_000, options: { summaryTrendStats: ['avg'], summaryTimeUnit: '', noColor: true } });
  assert.deepEqual(data.metrics.probe_queue.values, { value: 0, min: 0, max: 340, start: 120, samples: 4 });
  assert.deepEqual(data.metrics.vus.values, { value: 3, min: 3, max: 3 }, 'other gauges keep k6\'s values');
  const out = renderTextSummary(data);
  const block = out.slice(out.indexOf('    PROBES'));
  assert.match(block, /probe_errors\.+: 1 +0\.1\/s/);
  assert.match(block, /probe_queue\.+: 0 +start=120 +min=0 +max=340 +samples=4/);
  assert.match(block, /probe_queue_drain\.+: 1\.4s +start=1\.4s/);
  assert.match(block, /run 10s, of which 1\.4s draining after the load \(queue\)/);
  assert.ok(out.indexOf('    PROBES') > out.indexOf('    EXECUTION'), 'after the load\'s own sections');
  data.metrics.probe_queue.thresholds = { 'max<100': { ok: false }, 'value==0': { ok: true } };
  const gated = renderTextSummary(data);
  assert.match(gated, /✗ 'max<100' max=340/, 'a failed max threshold shows the max, not the last value');
  assert.match(gated, /✓ 'value==0' value=0/);
});

test('a CHAOS block per fault: its window, the load before, during and after it, and its recovery', () => {
  const data = summaryOf(90_000, (add) => add('iterations', {}, 1));
  data.chaos = [
    { name: 'queue_outage', what: 'redis down', startMs: 30_000, endMs: 60_000,
      before: { requests: 3000, errorRate: 0, p95: 52.5 }, during: { requests: 2500, errorRate: 0.42, p95: 480 }, after: { requests: 2900, errorRate: 0.001, p95: 55 },
      recoveryMs: 7000, recovered: true },
    { name: 'db_down', what: 'db down', startMs: 70_000, endMs: 80_000,
      before: { requests: 10, errorRate: 0, p95: 20 }, during: { requests: 0, errorRate: 0, p95: NaN }, after: { requests: 0, errorRate: 0, p95: NaN },
      recoveryMs: 10_000, recovered: false },
  ];
  const out = renderTextSummary(data);
  const block = out.slice(out.indexOf('█ CHAOS'), out.indexOf('█ TOTAL RESULTS'));
  assert.match(block, /queue_outage {2}redis down, 30s → 1m0s/);
  assert.match(block, / {6}requests +error rate +p95\n/);
  assert.match(block, /before +3000 +0\.00% +52\.5ms/);
  assert.match(block, /during +2500 +42\.00% +480ms/);
  assert.match(block, /recovered 7s after the fault \(recovery_time\)/);
  assert.match(block, /during +0 +0\.00% +-/);
  assert.match(block, /not recovered 10s after the fault, when the run ended/);
});

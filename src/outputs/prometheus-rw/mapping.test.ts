import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, type MetricDefinition, type SeriesState } from '../../metrics/index.ts';
import { readConfig } from './config.ts';
import { SeriesMapper } from './mapping.ts';
import { SeriesTable } from './series.ts';
import type { TimeSeriesPoint } from './write-request.ts';

const defs: Record<string, MetricDefinition> = {
  http_reqs: { name: 'http_reqs', type: 'counter', contains: 'default' },
  vus: { name: 'vus', type: 'gauge', contains: 'default' },
  checks: { name: 'checks', type: 'rate', contains: 'default' },
  http_req_duration: { name: 'http_req_duration', type: 'trend', contains: 'time' },
  payload: { name: 'payload', type: 'trend', contains: 'data' },
};

function trend(metric: string, values: number[]): SeriesState {
  const h = new Histogram();
  for (const v of values) h.add(v);
  return { metric, tags: { status: '200' }, sink: { type: 'trend', hist: h.toState() } };
}

function mapAll(env: Record<string, string>, deltas: SeriesState[][]): Map<string, TimeSeriesPoint> {
  const table = new SeriesTable();
  for (const d of deltas) table.merge(d);
  const mapper = new SeriesMapper(readConfig(env));
  const out = new Map<string, TimeSeriesPoint>();
  for (const s of table.takeChanged()) {
    for (const p of mapper.points(s, defs[s.metric], 1000)) out.set(p.labels.find((l) => l.name === '__name__')!.value, p);
  }
  return out;
}

const valueOf = (p: TimeSeriesPoint | undefined) => (p?.kind === 'sample' ? p.value : assert.fail(`not a sample: ${JSON.stringify(p)}`));

test('counters, gauges and rates go out as their running totals under k6\'s names', () => {
  const m = mapAll({}, [
    [{ metric: 'http_reqs', tags: {}, sink: { type: 'counter', sum: 3, count: 3 } }, { metric: 'vus', tags: {}, sink: { type: 'gauge', last: 5, min: 1, max: 5, lastTime: 10, count: 2, first: 5, firstTime: 10 } }],
    [{ metric: 'http_reqs', tags: {}, sink: { type: 'counter', sum: 4, count: 4 } }, { metric: 'checks', tags: {}, sink: { type: 'rate', trues: 3, total: 4 } },
      { metric: 'vus', tags: {}, sink: { type: 'gauge', last: 2, min: 2, max: 2, lastTime: 20, count: 1, first: 2, firstTime: 20 } }],
  ]);
  assert.deepEqual([...m.keys()].sort(), ['k6_checks_rate', 'k6_http_reqs_total', 'k6_vus']);
  assert.equal(valueOf(m.get('k6_http_reqs_total')), 7);
  assert.equal(valueOf(m.get('k6_vus')), 2);
  assert.equal(valueOf(m.get('k6_checks_rate')), 0.75);
  assert.equal(m.get('k6_vus')!.timestamp, 1000);
});

test('a trend becomes one gauge per stat, time in seconds, count as a count', () => {
  const m = mapAll({ K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99.9),min,max,avg,med,count,sum' }, [[trend('http_req_duration', [100, 200])], [trend('http_req_duration', [300, 400])]]);
  assert.deepEqual([...m.keys()].sort(), ['avg', 'count', 'max', 'med', 'min', 'p95', 'p999', 'sum'].map((s) => `k6_http_req_duration_${s}`));
  assert.equal(valueOf(m.get('k6_http_req_duration_min')), 0.1);
  assert.equal(valueOf(m.get('k6_http_req_duration_max')), 0.4);
  assert.equal(valueOf(m.get('k6_http_req_duration_avg')), 0.25);
  assert.equal(valueOf(m.get('k6_http_req_duration_sum')), 1);
  assert.equal(valueOf(m.get('k6_http_req_duration_count')), 4);
  assert.ok(Math.abs(valueOf(m.get('k6_http_req_duration_p95')) - 0.385) < 0.385 * 0.01);
  const labels = m.get('k6_http_req_duration_p95')!.labels;
  assert.deepEqual(labels, [{ name: '__name__', value: 'k6_http_req_duration_p95' }, { name: 'status', value: '200' }]);
});

test('the default trend stat is p(99); data trends stay in bytes', () => {
  const m = mapAll({}, [[trend('payload', [1000, 2000])]]);
  assert.deepEqual([...m.keys()], ['k6_payload_p99']);
  assert.ok(valueOf(m.get('k6_payload_p99')) > 1900);
});

test('with native histograms a trend is one histogram named after its base unit', () => {
  const m = mapAll({ K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true' }, [[trend('http_req_duration', [100, 200])], [trend('http_req_duration', [300])]]);
  const p = m.get('k6_http_req_duration_seconds');
  assert.equal(p?.kind, 'histogram');
  if (p?.kind !== 'histogram') return;
  assert.equal(p.histogram.count, 3);
  assert.ok(Math.abs(p.histogram.sum - 0.6) < 1e-12);
});

test('stale markers cover every exported name of a series', () => {
  const table = new SeriesTable();
  table.merge([trend('http_req_duration', [1])]);
  const mapper = new SeriesMapper(readConfig({ K6_PROMETHEUS_RW_TREND_STATS: 'p(95),max' }));
  const [s] = [...table.all()];
  const stale = mapper.staleMarkers(s, defs.http_req_duration, 2000);
  assert.deepEqual(stale.map((p) => [p.kind, p.timestamp, p.labels[0].value]), [['stale', 2000, 'k6_http_req_duration_p95'], ['stale', 2000, 'k6_http_req_duration_max']]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AggregationTemporality, DataPointType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader,
  type Histogram as OtelHistogram, type MetricData,
} from '@opentelemetry/sdk-metrics';
import { Histogram, type MetricDefinition, type SinkState } from '../../metrics/index.ts';
import { attributesOf, K6Instruments, unitOf } from './instruments.ts';

/** Records through K6Instruments into a real SDK pipeline and returns what one export would carry. */
async function recorded(opts: { metricPrefix?: string; singleCounterForRate?: boolean }, calls: [MetricDefinition, Record<string, string>, SinkState][]): Promise<Map<string, MetricData>> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const instruments = new K6Instruments(provider.getMeter('k6'), { metricPrefix: opts.metricPrefix ?? '', singleCounterForRate: opts.singleCounterForRate ?? true });
  for (const [def, tags, sink] of calls) instruments.record(def, attributesOf(tags), sink);
  await provider.forceFlush();
  const byName = new Map<string, MetricData>();
  for (const rm of exporter.getMetrics()) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) byName.set(m.descriptor.name, m);
  await provider.shutdown();
  return byName;
}

const def = (name: string, type: MetricDefinition['type'], contains: MetricDefinition['contains'] = 'default'): MetricDefinition => ({ name, type, contains });
const trend = (values: number[]): SinkState => {
  const h = new Histogram();
  for (const v of values) h.add(v);
  return { type: 'trend', hist: h.toState() };
};

test('a Counter adds its deltas into a monotonic cumulative sum, with the prefix', async () => {
  const m = await recorded({ metricPrefix: 'k6_' }, [
    [def('http_reqs', 'counter'), { status: '200' }, { type: 'counter', sum: 5, count: 5 }],
    [def('http_reqs', 'counter'), { status: '200' }, { type: 'counter', sum: 3, count: 3 }],
    [def('http_reqs', 'counter'), { status: '500' }, { type: 'counter', sum: 1, count: 1 }],
    [def('data_sent', 'counter', 'data'), {}, { type: 'counter', sum: 1024, count: 2 }],
  ]);
  const reqs = m.get('k6_http_reqs')!;
  assert.equal(reqs.dataPointType, DataPointType.SUM);
  assert.equal(reqs.dataPointType === DataPointType.SUM && reqs.isMonotonic, true);
  assert.deepEqual(reqs.dataPoints.map((p) => [p.attributes.status, p.value]).sort(), [['200', 8], ['500', 1]]);
  assert.equal(m.get('k6_data_sent')!.descriptor.unit, 'By');
});

test('a Gauge exports the last value', async () => {
  const m = await recorded({}, [
    [def('vus', 'gauge'), {}, { type: 'gauge', last: 3, min: 1, max: 3, lastTime: 1, count: 3, first: 3, firstTime: 1 }],
    [def('vus', 'gauge'), {}, { type: 'gauge', last: 2, min: 2, max: 2, lastTime: 2, count: 1, first: 2, firstTime: 2 }],
  ]);
  const vus = m.get('vus')!;
  assert.equal(vus.dataPointType, DataPointType.GAUGE);
  assert.equal(vus.dataPoints[0].value, 2);
});

test('a Trend becomes a histogram in ms with the exact count, sum, min and max', async () => {
  const values = [1.5, 12, 12.25, 80, 320.125, 4000];
  const m = await recorded({}, [
    [def('http_req_duration', 'trend', 'time'), { method: 'GET' }, trend(values.slice(0, 3))],
    [def('http_req_duration', 'trend', 'time'), { method: 'GET' }, trend(values.slice(3))],
  ]);
  const d = m.get('http_req_duration')!;
  assert.equal(d.descriptor.unit, 'ms');
  assert.equal(d.dataPointType, DataPointType.HISTOGRAM);
  const h = d.dataPoints[0].value as OtelHistogram;
  assert.equal(h.count, 6);
  assert.ok(Math.abs(h.sum! - values.reduce((a, b) => a + b, 0)) < 1e-9);
  assert.equal(h.min, 1.5);
  assert.equal(h.max, 4000);
  assert.deepEqual(h.buckets.boundaries, [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]);
  assert.deepEqual(h.buckets.counts, [0, 1, 0, 2, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
});

test('a Rate is one Int64 counter `<name>.total` split by condition (k6 ≥ 1.4)', async () => {
  const m = await recorded({ metricPrefix: 'k6_' }, [
    [def('checks', 'rate'), { check: 'ok' }, { type: 'rate', trues: 7, total: 10 }],
    [def('checks', 'rate'), { check: 'ok' }, { type: 'rate', trues: 1, total: 1 }],
  ]);
  const checks = m.get('k6_checks.total')!;
  assert.deepEqual(checks.dataPoints.map((p) => [p.attributes.check, p.attributes.condition, p.value]).sort(), [['ok', 'nonzero', 8], ['ok', 'zero', 3]]);
  assert.equal(m.has('k6_checks'), false);
});

test("K6_OTEL_SINGLE_COUNTER_FOR_RATE=false: k6's older `.occurred` and `.total` pair", async () => {
  const m = await recorded({ singleCounterForRate: false }, [
    [def('http_req_failed', 'rate'), {}, { type: 'rate', trues: 0, total: 4 }],
    [def('http_req_failed', 'rate'), {}, { type: 'rate', trues: 2, total: 6 }],
  ]);
  assert.equal(m.get('http_req_failed.occurred')!.dataPoints[0].value, 2);
  assert.equal(m.get('http_req_failed.total')!.dataPoints[0].value, 10);
});

test('empty tags are not attributes; units follow the value type', () => {
  assert.deepEqual(attributesOf({ group: '', name: 'x', '': 'y' }), { name: 'x' });
  assert.equal(unitOf('time'), 'ms');
  assert.equal(unitOf('data'), 'By');
  assert.equal(unitOf('default'), '');
});

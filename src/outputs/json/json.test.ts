import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricLine, pointLine, rfc3339Nano } from './index.ts';

test('timestamps are RFC 3339 with a nine-digit fraction, precise to the microsecond', () => {
  assert.equal(rfc3339Nano(Date.UTC(2026, 10, 29, 14, 12, 49, 123)), '2026-11-29T14:12:49.123000000Z');
  assert.equal(rfc3339Nano(Date.UTC(2026, 10, 29, 14, 12, 49, 123) + 0.4567), '2026-11-29T14:12:49.123457000Z');
});

test('Metric and Point lines have k6 JSON output shape', () => {
  const m = JSON.parse(metricLine({ name: 'http_reqs', type: 'counter', contains: 'default' }, ['count>10']));
  assert.deepEqual(m, { type: 'Metric', data: { name: 'http_reqs', type: 'counter', contains: 'default', thresholds: ['count>10'], submetrics: null }, metric: 'http_reqs' });
  const p = JSON.parse(pointLine({ metric: 'http_req_duration', tags: { status: '200', name: 'a "quoted" url' }, value: 1.5, time: Date.UTC(2026, 0, 2) }));
  assert.deepEqual(p, { type: 'Point', data: { time: '2026-01-02T00:00:00.000000000Z', value: 1.5, tags: { status: '200', name: 'a "quoted" url' } }, metric: 'http_req_duration' });
});

test('a Point carries data.metadata only when the sample has metadata', () => {
  const time = Date.UTC(2026, 0, 2);
  const withMeta = JSON.parse(pointLine({ metric: 'http_reqs', tags: { status: '200' }, value: 1, time, metadata: { trace_id: 'abc' } }));
  assert.deepEqual(withMeta.data, { time: '2026-01-02T00:00:00.000000000Z', value: 1, tags: { status: '200' }, metadata: { trace_id: 'abc' } });
  const without = JSON.parse(pointLine({ metric: 'http_reqs', tags: {}, value: 1, time }));
  assert.equal('metadata' in without.data, false);
});

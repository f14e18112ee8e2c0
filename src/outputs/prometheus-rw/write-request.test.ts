import { test } from 'node:test';
import assert from 'node:assert/strict';
import snappy from 'snappyjs';
import { decodeWriteBody, encodeWriteBody, encodeWriteRequest, type TimeSeriesPoint } from './write-request.ts';

const labels = (name: string) => [{ name: '__name__', value: name }, { name: 'status', value: '200' }];

test('samples, native histograms and stale markers round-trip through protobuf and snappy', () => {
  const points: TimeSeriesPoint[] = [
    { labels: labels('k6_http_reqs_total'), timestamp: 1_795_000_000_123, kind: 'sample', value: 42 },
    { labels: labels('k6_http_req_duration_seconds'), timestamp: 1_795_000_000_123, kind: 'histogram', histogram: {
      count: 6, sum: 0.5, schema: 8, zeroThreshold: 2 ** -128, zeroCount: 1,
      negativeSpans: [], negativeDeltas: [],
      positiveSpans: [{ offset: -1500, length: 2 }, { offset: 3, length: 1 }], positiveDeltas: [2, -1, 1],
    } },
    { labels: labels('k6_vus'), timestamp: 1_795_000_000_124, kind: 'stale' },
    { labels: labels('k6_checks_rate'), timestamp: 1_795_000_000_124, kind: 'sample', value: NaN },
  ];
  const decoded = decodeWriteBody(encodeWriteBody(points));
  assert.equal(decoded.length, 4);
  const [counter, hist, rate, stale] = decoded; // live series first, then the stale twin's
  assert.deepEqual(counter.labels, labels('k6_http_reqs_total'));
  assert.deepEqual(counter.samples, [{ value: 42, timestamp: 1_795_000_000_123, stale: false }]);
  assert.deepEqual(hist.samples, []);
  assert.deepEqual(hist.histograms, [{
    count: 6, sum: 0.5, schema: 8, zeroThreshold: 2 ** -128, zeroCount: 1,
    negativeSpans: [], negativeDeltas: [],
    positiveSpans: [{ offset: -1500, length: 2 }, { offset: 3, length: 1 }], positiveDeltas: [2, -1, 1],
    timestamp: 1_795_000_000_123,
  }]);
  assert.ok(Number.isNaN(rate.samples[0].value));
  assert.equal(rate.samples[0].stale, false, 'an ordinary NaN is not a stale marker');
  assert.deepEqual(stale.labels, labels('k6_vus'));
  assert.equal(stale.samples[0].stale, true);
  assert.ok(Number.isNaN(stale.samples[0].value));
});

test('the stale marker carries Prometheus\' exact NaN bits, 0x7ff0000000000002', () => {
  const raw = encodeWriteRequest([{ labels: labels('k6_vus'), timestamp: 1, kind: 'stale' }]);
  const hex = Buffer.from(raw).toString('hex');
  // Sample.value: field 1, wire type 1 (0x09), then the 8 bytes little-endian
  assert.ok(hex.includes('09020000000000f07f'), hex);
});

test('the body is snappy block format (uncompressed length first), not the framed stream format', () => {
  const body = encodeWriteBody([{ labels: labels('k6_vus'), timestamp: 1, kind: 'sample', value: 1 }]);
  const raw = encodeWriteRequest([{ labels: labels('k6_vus'), timestamp: 1, kind: 'sample', value: 1 }]);
  assert.equal(body[0], raw.length);
  assert.notEqual(body[0], 0xff, 'no stream identifier chunk');
  assert.deepEqual(snappy.uncompress(body), raw);
});

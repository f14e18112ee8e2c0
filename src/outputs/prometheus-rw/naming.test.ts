import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUnitSuffix, labelsOf, sanitizeName, seriesName, statSuffix, toBaseUnit, typeSuffix } from './naming.ts';

test('trend stats become k6\'s series suffixes', () => {
  assert.equal(statSuffix('p(99)'), 'p99');
  assert.equal(statSuffix('p(95)'), 'p95');
  assert.equal(statSuffix('p(99.9)'), 'p999');
  assert.equal(statSuffix('p(0.5)'), 'p05');
  for (const s of ['avg', 'min', 'max', 'med', 'count', 'sum']) assert.equal(statSuffix(s), s);
});

test('series names: k6_ prefix, _total for counters, _rate for rates, nothing for gauges', () => {
  assert.equal(seriesName('http_reqs', typeSuffix({ name: 'http_reqs', type: 'counter', contains: 'default' })), 'k6_http_reqs_total');
  assert.equal(seriesName('checks', typeSuffix({ name: 'checks', type: 'rate', contains: 'default' })), 'k6_checks_rate');
  assert.equal(seriesName('vus', typeSuffix({ name: 'vus', type: 'gauge', contains: 'default' })), 'k6_vus');
  assert.equal(seriesName('http_req_duration', 'p99'), 'k6_http_req_duration_p99');
  assert.equal(seriesName('http_req_duration', baseUnitSuffix('time')), 'k6_http_req_duration_seconds');
  assert.equal(seriesName('payload', baseUnitSuffix('data')), 'k6_payload_bytes');
  assert.equal(seriesName('queue_depth', baseUnitSuffix('default')), 'k6_queue_depth');
});

test('time values travel in seconds, others unchanged', () => {
  assert.equal(toBaseUnit('time', 250), 0.25);
  assert.equal(toBaseUnit('data', 250), 250);
  assert.equal(toBaseUnit('default', 250), 250);
});

test('names are sanitised to Prometheus\' grammar', () => {
  assert.equal(sanitizeName('weird-tag.name'), 'weird_tag_name');
  assert.equal(sanitizeName('9lives'), '_9lives');
  assert.equal(sanitizeName('ok_Name1'), 'ok_Name1');
  assert.equal(sanitizeName('ünï'), '_n_');
});

test('labels: sorted, __name__ included, empty values and reserved names dropped, tags beat static labels', () => {
  const labels = labelsOf('k6_http_reqs_total', { status: '200', method: 'GET', group: '', 'my-tag': 'v', __name__: 'evil', env: 'tag' }, { env: 'static', region: 'eu' });
  assert.deepEqual(labels, [
    { name: '__name__', value: 'k6_http_reqs_total' },
    { name: 'env', value: 'tag' },
    { name: 'method', value: 'GET' },
    { name: 'my_tag', value: 'v' },
    { name: 'region', value: 'eu' },
    { name: 'status', value: '200' },
  ]);
});

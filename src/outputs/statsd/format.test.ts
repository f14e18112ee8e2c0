import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawPoint } from '../../metrics/index.ts';
import { formatValue, statsdLine, type LineOptions } from './format.ts';

const plain: LineOptions = { namespace: 'k6.', enableTags: false, tagBlocklist: new Set() };
const tagged: LineOptions = { namespace: 'k6.', enableTags: true, tagBlocklist: new Set(['vu', 'iter', 'url']) };
const point = (metric: string, value: number, tags: Record<string, string> = {}): RawPoint => ({ metric, value, tags, time: 0 });

test('metric types map as k6 sent them: counter c, gauge g, trend ms, rate c of 1 or 0', () => {
  assert.equal(statsdLine(point('http_reqs', 1), 'counter', plain), 'k6.http_reqs:1|c');
  assert.equal(statsdLine(point('data_received', 1234), 'counter', plain), 'k6.data_received:1234|c');
  assert.equal(statsdLine(point('vus', 10), 'gauge', plain), 'k6.vus:10|g');
  assert.equal(statsdLine(point('http_req_duration', 12.345678), 'trend', plain), 'k6.http_req_duration:12.345678|ms');
  assert.equal(statsdLine(point('http_req_failed', 0), 'rate', plain), 'k6.http_req_failed:0|c');
  assert.equal(statsdLine(point('http_req_failed', 1), 'rate', plain), 'k6.http_req_failed:1|c');
});

test('a check becomes a count of check.<name>.pass or .fail', () => {
  assert.equal(statsdLine(point('checks', 1, { check: 'status is 200' }), 'rate', plain), 'k6.check.status is 200.pass:1|c');
  assert.equal(statsdLine(point('checks', 0, { check: 'status is 200' }), 'rate', plain), 'k6.check.status is 200.fail:1|c');
});

test('DogStatsD tags when enabled: blocklisted and empty ones left out, framing characters replaced', () => {
  const tags = { vu: '3', iter: '7', url: 'http://x/?a=1', method: 'GET', status: '200', group: '', name: 'a,b|c', 'we:ird': 'x:y' };
  assert.equal(statsdLine(point('http_reqs', 1, tags), 'counter', tagged), 'k6.http_reqs:1|c|#method:GET,status:200,name:a_b_c,we_ird:x:y');
  assert.equal(statsdLine(point('http_reqs', 1, tags), 'counter', plain), 'k6.http_reqs:1|c');
  assert.equal(statsdLine(point('iterations', 1, { vu: '1' }), 'counter', tagged), 'k6.iterations:1|c', 'no `|#` when no tag is left');
  assert.equal(statsdLine(point('checks', 1, { check: 'a:b|c' }), 'rate', { ...plain, namespace: '' }), 'check.a_b_c.pass:1|c');
});

test('values print as Go prints them: shortest digits, never an exponent', () => {
  assert.deepEqual([0, 1, -2.5, 0.1, 1e-7, 1.5e-10, 1e21, -1.25e22, 123456789.125, NaN, Infinity].map(formatValue),
    ['0', '1', '-2.5', '0.1', '0.0000001', '0.00000000015', '1000000000000000000000', '-12500000000000000000000', '123456789.125', '0', '0']);
});

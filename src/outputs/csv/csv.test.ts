import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvHeader, csvRow, formatTime } from './index.ts';

const columns = ['check', 'error', 'method', 'name', 'status', 'url'];
const set = new Set(columns);

test('header: k6 fixed columns, the system tag columns, extra_tags, metadata', () => {
  assert.equal(csvHeader(columns), 'metric_name,timestamp,metric_value,check,error,method,name,status,url,extra_tags,metadata');
});

test('a row puts system tags in their columns and the rest in extra_tags', () => {
  const row = csvRow({ metric: 'http_reqs', tags: { method: 'GET', status: '200', url: 'http://x/?a=1,b', team: 'api', vu: '3' }, value: 1, time: 1_595_325_560_123 }, columns, set, 'unix');
  assert.equal(row, 'http_reqs,1595325560,1.000000,,,GET,,200,"http://x/?a=1,b",team=api&vu=3,');
});

test('every K6_CSV_TIME_FORMAT', () => {
  const t = Date.UTC(2020, 6, 21, 9, 59, 20, 123) + 0.456;
  assert.equal(formatTime(t, 'unix'), '1595325560');
  assert.equal(formatTime(t, 'unix_milli'), '1595325560123');
  assert.equal(formatTime(t, 'unix_micro'), '1595325560123456');
  assert.equal(formatTime(t, 'unix_nano'), '1595325560123456000');
  assert.equal(formatTime(t, 'rfc3339'), '2020-07-21T09:59:20Z');
  assert.equal(formatTime(t, 'rfc3339_nano'), '2020-07-21T09:59:20.123456000Z');
});

test('the metadata column holds the sample metadata as k=v pairs joined with &', () => {
  const row = csvRow({ metric: 'http_reqs', tags: { method: 'GET', team: 'api' }, value: 1, time: 1_595_325_560_123, metadata: { trace_id: 'abc', note: 'x,y' } }, columns, set, 'unix');
  assert.equal(row, 'http_reqs,1595325560,1.000000,,,GET,,,,team=api,"trace_id=abc&note=x,y"');
});

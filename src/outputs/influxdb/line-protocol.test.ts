import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawPoint } from '../../metrics/index.ts';
import type { FieldRule } from './config.ts';
import { LineEncoder, TimestampSlots, escapeKey, escapeMeasurement, formatField, formatTimestamp, quoteString } from './line-protocol.ts';

const DEFAULT_FIELDS: FieldRule[] = [{ tag: 'vu', kind: 'int' }, { tag: 'iter', kind: 'int' }, { tag: 'url', kind: 'string' }];
const T = 1_700_000_000_123; // ms

function point(metric: string, tags: Record<string, string>, value = 1, time = T): RawPoint {
  return { metric, tags, value, time };
}

test('measurements escape commas and spaces; keys and tag values also equals signs', () => {
  assert.equal(escapeMeasurement('http_reqs'), 'http_reqs');
  assert.equal(escapeMeasurement('my metric,x=1'), 'my\\ metric\\,x=1');
  assert.equal(escapeKey('a, b=c'), 'a\\,\\ b\\=c');
  assert.equal(escapeKey('plain'), 'plain');
});

test('line breaks become \\n; a backslash InfluxDB would read as an escape is left out', () => {
  assert.equal(escapeKey('two\nlines\r'), 'two\\nlines\\r');
  assert.equal(escapeKey('C:\\dir\\file'), 'C:\\dir\\file');
  assert.equal(escapeKey('ends\\'), 'ends');
  assert.equal(escapeKey('a\\,b'), 'a\\,b');
  assert.equal(escapeKey('a\\ b'), 'a\\ b');
});

test('string fields are quoted with backslashes and quotes escaped', () => {
  assert.equal(quoteString('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"');
  assert.equal(quoteString('two\nlines'), '"two\nlines"');
});

test('tags as fields take their declared type, or are left out when they do not parse', () => {
  assert.equal(formatField('42', 'int'), '42i');
  assert.equal(formatField('-7', 'int'), '-7i');
  assert.equal(formatField('4.5', 'int'), undefined);
  assert.equal(formatField('', 'int'), undefined);
  assert.equal(formatField('1.5', 'float'), '1.5');
  assert.equal(formatField('x', 'float'), undefined);
  assert.equal(formatField('true', 'bool'), 'true');
  assert.equal(formatField('0', 'bool'), 'false');
  assert.equal(formatField('yes', 'bool'), undefined);
  assert.equal(formatField('http://x/?a="b"', 'string'), '"http://x/?a=\\"b\\""');
});

test('timestamps in every precision, millisecond fractions kept at ns/us', () => {
  assert.equal(formatTimestamp(T, 'ns'), '1700000000123000000');
  assert.equal(formatTimestamp(T + 0.25, 'ns'), '1700000000123250000');
  assert.equal(formatTimestamp(T, 'ns', 2), '1700000000123000002');
  assert.equal(formatTimestamp(T, 'ns', 5_000_000), '1700000000123999999', 'offsets never spill into the next millisecond');
  assert.equal(formatTimestamp(T, 'us'), '1700000000123000');
  assert.equal(formatTimestamp(T, 'us', 3), '1700000000123003');
  assert.equal(formatTimestamp(T, 'ms'), '1700000000123');
  assert.equal(formatTimestamp(T, 's'), '1700000000');
  assert.equal(formatTimestamp(T, 'm'), String(Math.floor(T / 60_000)));
  assert.equal(formatTimestamp(T, 'h'), String(Math.floor(T / 3_600_000)));
});

test("a sample becomes k6's line: metric, tags (sorted, empty ones out), value and tags-as-fields, time", () => {
  const enc = new LineEncoder({ tagsAsFields: DEFAULT_FIELDS, precision: 'ns' });
  const line = enc.encode(point('http_req_duration', {
    status: '200', method: 'GET', name: 'list, page=1', group: '', scenario: 'default', url: 'http://h/list?a=1', vu: '3', iter: '17',
  }, 12.5), T);
  assert.equal(line, 'http_req_duration,method=GET,name=list\\,\\ page\\=1,scenario=default,status=200 value=12.5,url="http://h/list?a=1",vu=3i,iter=17i 1700000000123000000');
  assert.equal(enc.encode(point('vus', {}, 3), T), 'vus value=3 1700000000123000000');
});

test('values line protocol cannot carry give no line', () => {
  const enc = new LineEncoder({ tagsAsFields: DEFAULT_FIELDS, precision: 'ns' });
  assert.equal(enc.encode(point('x', {}, Number.NaN)), undefined);
  assert.equal(enc.encode(point('x', {}, Number.POSITIVE_INFINITY)), undefined);
});

test('samples of one series in one millisecond get successive nanoseconds; other series keep theirs', () => {
  const enc = new LineEncoder({ tagsAsFields: DEFAULT_FIELDS, precision: 'ns' });
  const stamp = (line: string | undefined) => line?.split(' ').at(-1);
  // vu/iter are fields, so two VUs' requests share a series
  assert.equal(stamp(enc.encode(point('http_reqs', { status: '200', vu: '1' }), T)), '1700000000123000000');
  assert.equal(stamp(enc.encode(point('http_reqs', { vu: '2', status: '200' }), T)), '1700000000123000001');
  assert.equal(stamp(enc.encode(point('http_reqs', { status: '404' }), T)), '1700000000123000000');
  assert.equal(stamp(enc.encode(point('http_reqs', { status: '200' }), T)), '1700000000123000002');
  assert.equal(stamp(enc.encode(point('http_reqs', { status: '200' }, 1, T + 1), T)), '1700000000124000000');
});

test('at millisecond precision or coarser, timestamps stay as they are', () => {
  const enc = new LineEncoder({ tagsAsFields: [], precision: 'ms' });
  assert.equal(enc.encode(point('m', {}), T), enc.encode(point('m', {}), T));
});

test('timestamp slots forget series not seen for two generations', () => {
  const slots = new TimestampSlots(1000);
  assert.equal(slots.take('a', 0), 0);
  assert.equal(slots.take('a', 10), 1);
  assert.equal(slots.take('a', 1500), 2, 'still remembered one generation later');
  assert.equal(slots.take('b', 2600), 0);
  assert.equal(slots.take('a', 3700), 0, 'forgotten after two');
});

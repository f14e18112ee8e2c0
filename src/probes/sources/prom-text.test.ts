import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheusText } from './prom-text.ts';

test('parsePrometheusText reads samples, skipping comments and blank lines', () => {
  const text = [
    '# HELP jobs_waiting Jobs waiting.',
    '# TYPE jobs_waiting gauge',
    'jobs_waiting 12',
    '',
    '# TYPE http_requests_total counter',
    'http_requests_total{method="GET",code="200"} 1027 1395066363000',
    'http_requests_total{method="POST",code="500"} 3',
    'up{} 1',
  ].join('\n');
  assert.deepEqual(parsePrometheusText(text), [
    { name: 'jobs_waiting', labels: {}, value: 12 },
    { name: 'http_requests_total', labels: { method: 'GET', code: '200' }, value: 1027 },
    { name: 'http_requests_total', labels: { method: 'POST', code: '500' }, value: 3 },
    { name: 'up', labels: {}, value: 1 },
  ]);
});

test('parsePrometheusText unescapes label values and keeps commas, braces and spaces inside them', () => {
  const text = 'msg{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",odd="x, y} z",} 1\n';
  assert.deepEqual(parsePrometheusText(text)[0].labels, { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb', odd: 'x, y} z' });
});

test('parsePrometheusText reads NaN, ±Inf, exponents and CRLF line ends', () => {
  const values = parsePrometheusText('a NaN\r\nb +Inf\r\nc -Inf\r\nd 1.5e3\r\ne -0.25 123\r\nf .5\r\n').map((s) => s.value);
  assert.ok(Number.isNaN(values[0]));
  assert.deepEqual(values.slice(1), [Infinity, -Infinity, 1500, -0.25, 0.5]);
});

test('parsePrometheusText reads histogram series, OpenMetrics exemplars and quoted names', () => {
  const text = [
    '# TYPE req_seconds histogram',
    'req_seconds_bucket{le="0.1"} 5 # {trace_id="abc"} 0.05 1.7e9',
    'req_seconds_bucket{le="+Inf"} 7',
    'req_seconds_count 7',
    'req_seconds_sum 1.25',
    '{"my.dotted.metric", "some.label"="v"} 4',
    '# EOF',
  ].join('\n');
  assert.deepEqual(parsePrometheusText(text), [
    { name: 'req_seconds_bucket', labels: { le: '0.1' }, value: 5 },
    { name: 'req_seconds_bucket', labels: { le: '+Inf' }, value: 7 },
    { name: 'req_seconds_count', labels: {}, value: 7 },
    { name: 'req_seconds_sum', labels: {}, value: 1.25 },
    { name: 'my.dotted.metric', labels: { 'some.label': 'v' }, value: 4 },
  ]);
});

test('parsePrometheusText names the line it cannot read', () => {
  assert.throws(() => parsePrometheusText('ok 1\nbroken{a="1" 2\n'), /^Error: line 2: /);
  assert.throws(() => parsePrometheusText('novalue\n'), /line 1: no value/);
  assert.throws(() => parsePrometheusText('x abc\n'), /line 1: not a number: abc/);
  assert.throws(() => parsePrometheusText('x{a="open} 1\n'), /line 1: unterminated quoted string/);
  assert.throws(() => parsePrometheusText('{a="1"} 1\n'), /line 1: no metric name/);
});

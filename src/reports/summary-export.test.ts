import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSummaryExport } from './summary-export.ts';
import { renderJUnit } from './junit.ts';
import type { SummaryData } from './summary-data.ts';

function data(): SummaryData {
  return {
    root_group: {
      name: '', path: '', id: 'root',
      groups: [{ name: 'g', path: '::g', id: 'gid', groups: [], checks: [{ name: 'in g', path: '::g::in g', id: 'c2', passes: 1, fails: 2 }] }],
      checks: [{ name: 'is <ok>', path: '::is <ok>', id: 'c1', passes: 3, fails: 0 }],
    },
    options: { summaryTrendStats: ['avg', 'p(95)'], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 1000 },
    metrics: {
      checks: { type: 'rate', contains: 'default', values: { rate: 0.5, passes: 4, fails: 2 } },
      http_req_duration: { type: 'trend', contains: 'time', values: { avg: 12.5, 'p(95)': 20 }, thresholds: { 'p(95)<10': { ok: false }, 'avg<100': { ok: true } } },
      'http_req_duration{status:200}': { type: 'trend', contains: 'time', values: { avg: 10, 'p(95)': 11 }, thresholds: { 'p(95)<15': { ok: true } } },
      http_reqs: { type: 'counter', contains: 'default', values: { count: 4, rate: 4 }, thresholds: { 'count>10': { ok: false } } },
      vus: { type: 'gauge', contains: 'default', values: { value: 1, min: 1, max: 2 } },
    },
    setup_data: { v: 1 },
  };
}

test('summary export flattens values; threshold true means failed; groups and checks keyed by name', () => {
  const input = data();
  const before = structuredClone(input);
  assert.deepEqual(buildSummaryExport(input), {
    root_group: {
      name: '', path: '', id: 'root',
      groups: { g: { name: 'g', path: '::g', id: 'gid', groups: {}, checks: { 'in g': { name: 'in g', path: '::g::in g', id: 'c2', passes: 1, fails: 2 } } } },
      checks: { 'is <ok>': { name: 'is <ok>', path: '::is <ok>', id: 'c1', passes: 3, fails: 0 } },
    },
    metrics: {
      checks: { passes: 4, fails: 2, value: 0.5 },
      http_req_duration: { avg: 12.5, 'p(95)': 20, thresholds: { 'p(95)<10': true, 'avg<100': false } },
      'http_req_duration{status:200}': { avg: 10, 'p(95)': 11, thresholds: { 'p(95)<15': false } },
      http_reqs: { count: 4, rate: 4, thresholds: { 'count>10': true } },
      vus: { value: 1, min: 1, max: 2 },
    },
    setup_data: { v: 1 },
  });
  assert.deepEqual(input, before);
});

test('JUnit: one testcase per threshold, failures with the metric values', () => {
  assert.equal(renderJUnit(data(), { name: 'my "suite"' }), [
    '<?xml version="1.0"?>',
    '<testsuites tests="4" failures="2">',
    '<testsuite name="my &quot;suite&quot;" tests="4" failures="2">'
      + '<testcase name="http_req_duration - p(95)&lt;10"><failure message="failed, average value: 12.5, min value: undefined, mean value: undefined, max value: undefined"/></testcase>',
    '<testcase name="http_req_duration - avg&lt;100" />',
    '<testcase name="http_req_duration{status:200} - p(95)&lt;15" />',
    '<testcase name="http_reqs - count&gt;10"><failure message="failed, count: 4, rate: 4"/></testcase>',
    '</testsuite >',
    '</testsuites >',
  ].join('\n'));
  assert.match(renderJUnit(data()), /<testsuite name="k6 thresholds" tests="4" failures="2">/);
  const none = { ...data(), metrics: {} };
  assert.equal(renderJUnit(none), '<?xml version="1.0"?>\n<testsuites tests="0" failures="0">\n<testsuite name="k6 thresholds" tests="0" failures="0">\n</testsuite >\n</testsuites >');
});

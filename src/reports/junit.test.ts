import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJUnitReport } from './junit.ts';
import type { SummaryData } from './summary-data.ts';

const data: Pick<SummaryData, 'metrics' | 'root_group' | 'state'> = {
  state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 2500 },
  root_group: {
    name: '', path: '', id: '', checks: [{ name: 'status is 200', path: '::status is 200', id: '', passes: 4, fails: 0 }],
    groups: [{ name: 'a', path: '::a', id: '', checks: [], groups: [{ name: 'b', path: '::a::b', id: '', groups: [], checks: [{ name: 'body has "id" & <name>', path: '', id: '', passes: 3, fails: 1 }] }] }],
  },
  metrics: {
    http_req_duration: { type: 'trend', contains: 'time', values: { avg: 10, min: 1, med: 9, max: 30 }, thresholds: { 'p(95)<5': { ok: false }, 'max<100': { ok: true } } },
    http_reqs: { type: 'counter', contains: 'default', values: { count: 8, rate: 3.2 } },
  },
};

test('one test case per threshold and per check; failing ones carry a <failure> saying what was measured', () => {
  assert.equal(renderJUnitReport(data), `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="stampede" tests="4" failures="2" errors="0" time="2.500">
  <testsuite name="thresholds" tests="2" failures="1" errors="0" skipped="0" time="2.500">
    <testcase classname="thresholds" name="http_req_duration - p(95)&lt;5"><failure type="threshold" message="http_req_duration p(95)&lt;5 failed, average value: 10, min value: 1, mean value: 9, max value: 30">http_req_duration p(95)&lt;5 failed, average value: 10, min value: 1, mean value: 9, max value: 30</failure></testcase>
    <testcase classname="thresholds" name="http_req_duration - max&lt;100"/>
  </testsuite>
  <testsuite name="checks" tests="2" failures="1" errors="0" skipped="0" time="2.500">
    <testcase classname="checks" name="status is 200"/>
    <testcase classname="checks.a.b" name="body has &quot;id&quot; &amp; &lt;name&gt;"><failure type="check" message="1 of 4 failed (75.00% passed)">1 of 4 failed (75.00% passed)</failure></testcase>
  </testsuite>
</testsuites>
`);
});

test('no thresholds and no checks: two empty suites, still valid', () => {
  const xml = renderJUnitReport({ ...data, metrics: {}, root_group: { name: '', path: '', id: '', groups: [], checks: [] } });
  assert.match(xml, /<testsuites name="stampede" tests="0" failures="0"/);
  assert.match(xml, /<testsuite name="checks" tests="0" failures="0" errors="0" skipped="0" time="2.500">\n {2}<\/testsuite>/);
});

test('with a baseline gate: a third suite, one case per compared value, the regressed one failing with its line', () => {
  const xml = renderJUnitReport(data, {
    baselineId: '20261207-081503-1a2b', maxRegressionPct: 10,
    compared: [
      { name: 'http_req_duration p(95)', regressed: true, line: 'http_req_duration p(95) regressed 38.2 % (21.40 ms → 29.58 ms), more than the allowed 10 % (baseline 20261207-081503-1a2b)' },
      { name: 'http_req_failed rate', regressed: false, line: 'http_req_failed rate 0.00 % → 0.00 % (+0.0 %), within the allowed 10 %' },
    ],
  });
  assert.match(xml, /<testsuites name="stampede" tests="6" failures="3"/);
  assert.ok(xml.includes(`  <testsuite name="baseline" tests="2" failures="1" errors="0" skipped="0" time="2.500">
    <testcase classname="baseline" name="http_req_duration p(95) within 10 % of 20261207-081503-1a2b"><failure type="regression" message="http_req_duration p(95) regressed 38.2 % (21.40 ms → 29.58 ms), more than the allowed 10 % (baseline 20261207-081503-1a2b)">`), xml);
  assert.ok(xml.includes('<testcase classname="baseline" name="http_req_failed rate within 10 % of 20261207-081503-1a2b"/>'), xml);
  // without a gate there is no third suite at all
  assert.doesNotMatch(renderJUnitReport(data), /name="baseline"/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegression, ERROR_RATE_FLOOR } from './regression.ts';
import type { RunReport, SummaryMetric } from '../reports/index.ts';

function run(id: string, metrics: Record<string, SummaryMetric>): RunReport {
  return {
    format: 'stampede-run/1', id, script: 'load.js', startedAt: 0, durationMs: 1000, status: 'passed', exitCode: 0, tags: {}, scenarios: [], definitions: [],
    timeline: { periodMs: 1000, startedAt: 0, series: [] },
    summary: {
      root_group: { name: '', path: '', id: '', groups: [], checks: [] },
      options: { summaryTrendStats: ['p(95)'], summaryTimeUnit: '', noColor: true },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 1000 },
      metrics,
    },
  };
}
const p95 = (v: number): SummaryMetric => ({ type: 'trend', contains: 'time', values: { 'p(95)': v } });
const failed = (rate: number): SummaryMetric => ({ type: 'rate', contains: 'default', values: { rate, passes: 0, fails: 0 } });

test('p(95) more than the bound above the baseline regresses, with the metric, both values and the change in the line', () => {
  const v = checkRegression(run('base1', { http_req_duration: p95(12.01), http_req_failed: failed(0) }), run('new', { http_req_duration: p95(15.76), http_req_failed: failed(0) }), 10);
  assert.equal(v.regressed, true);
  assert.deepEqual(v.regressions, ['http_req_duration p(95) regressed 31.2 % (12.01 ms → 15.76 ms), more than the allowed 10 % (baseline base1)']);
  assert.deepEqual(v.lines, [...v.regressions, 'http_req_failed rate 0.00 % → 0.00 % (+0.0 %), within the allowed 10 % (baseline base1)']);
  assert.deepEqual(v.compared, [
    { name: 'http_req_duration p(95)', regressed: true, line: v.regressions[0] },
    { name: 'http_req_failed rate', regressed: false, line: v.lines[1] },
  ]);
});

test('within the bound (or faster) passes', () => {
  const v = checkRegression(run('b', { http_req_duration: p95(100) }), run('r', { http_req_duration: p95(109.9) }), 10);
  assert.equal(v.regressed, false);
  assert.deepEqual(v.lines, ['http_req_duration p(95) 100.00 ms → 109.90 ms (+9.9 %), within the allowed 10 % (baseline b)']);
  assert.equal(checkRegression(run('b', { http_req_duration: p95(100) }), run('r', { http_req_duration: p95(50) }), 10).regressed, false);
});

test('the error rate regresses relative to the baseline, but only past an absolute floor of 0.1 point', () => {
  assert.equal(ERROR_RATE_FLOOR, 0.001);
  const from = (was: number, now: number) => checkRegression(run('b', { http_req_failed: failed(was) }), run('r', { http_req_failed: failed(now) }), 10);
  assert.equal(from(0, 0.0001).regressed, false, '0 % → 0.01 % is noise');
  assert.match(from(0, 0.0001).lines[0], /0\.00 % → 0\.01 % \(\+0\.01 points, less than the 0\.1 point floor\), within the allowed 10 %/);
  assert.deepEqual(from(0, 0.025).regressions, ['http_req_failed rate regressed 2.50 points (0.00 % → 2.50 %), more than the allowed 10 % (baseline b)']);
  assert.deepEqual(from(0.02, 0.03).regressions, ['http_req_failed rate regressed 50.0 % (2.00 % → 3.00 %), more than the allowed 10 % (baseline b)']);
  assert.equal(from(0.02, 0.021).regressed, false, '+5 % relative is within 10 %');
  assert.equal(from(0.005, 0.0059).regressed, false, '+18 % relative but only +0.09 point');
});

test('scenario submetrics present in both runs are compared too; missing p(95) is said, not silently passed', () => {
  const v = checkRegression(
    run('b', { http_req_duration: p95(10), 'http_req_duration{scenario:api}': p95(10), 'http_req_duration{scenario:gone}': p95(10), 'http_req_duration{status:200}': p95(10) }),
    run('r', { http_req_duration: p95(10.5), 'http_req_duration{scenario:api}': p95(20), 'http_req_duration{status:200}': p95(99) }), 10);
  assert.equal(v.regressed, true);
  assert.deepEqual(v.regressions, ['http_req_duration{scenario:api} p(95) regressed 100.0 % (10.00 ms → 20.00 ms), more than the allowed 10 % (baseline b)']);
  assert.equal(v.lines.length, 2);
  const noP95 = checkRegression(run('b', { http_req_duration: { type: 'trend', contains: 'time', values: { avg: 1 } } }), run('r', { http_req_duration: p95(1) }), 10);
  assert.deepEqual(noP95, { regressed: false, regressions: [], lines: ["http_req_duration p(95): not compared, p(95) is not in the baseline's summaryTrendStats"], compared: [] });
  assert.match(checkRegression(run('b', {}), run('r', {}), 10).lines[0], /^nothing to compare with baseline b/);
});

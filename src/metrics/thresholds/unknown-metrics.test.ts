import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ExitCode } from '../../errors/index.ts';
import { parseThresholds } from './parse.ts';
import { unknownThresholdMetrics, unknownThresholdMetricsError } from './unknown-metrics.ts';

const WORKER_METRICS = ['checks', 'http_req_duration', 'http_reqs', 'iterations', 'my_trend'];

test('a threshold on a misspelt metric is a problem with a did-you-mean', () => {
  const parsed = parseThresholds({ http_req_durration: ['p(95)<500', 'avg<200'] });
  assert.deepEqual(unknownThresholdMetrics(parsed, WORKER_METRICS), [
    'thresholds["http_req_durration"]: no metric name "http_req_durration" found; did you mean "http_req_duration"?',
  ]);
});

test('the submetric selector is kept in the suggestion and ignored in the lookup', () => {
  const parsed = parseThresholds({ 'http_req_durration{status:200}': 'p(95)<500', 'http_req_duration{status:200}': 'p(95)<500' });
  assert.deepEqual(unknownThresholdMetrics(parsed, WORKER_METRICS), [
    'thresholds["http_req_durration{status:200}"]: no metric name "http_req_durration" found; did you mean "http_req_duration{status:200}"?',
  ]);
});

test('no suggestion when nothing is close', () => {
  const parsed = parseThresholds({ something_else: 'count>0' });
  assert.deepEqual(unknownThresholdMetrics(parsed, WORKER_METRICS), ['thresholds["something_else"]: no metric name "something_else" found']);
});

test('custom metrics from the worker and every k6 built-in count as known, even unemitted ones', () => {
  const parsed = parseThresholds({
    my_trend: 'p(95)<1', http_req_duration: 'p(95)<1', ws_connecting: 'p(95)<1', grpc_req_duration: 'p(95)<1',
    grpc_streams: 'count>0', browser_web_vital_lcp: 'p(75)<2500', vus_max: 'value>0', dropped_iterations: 'count<1',
  });
  // an empty list: the built-ins are known without the worker's word
  assert.deepEqual(unknownThresholdMetrics(parsed.filter((t) => t.name !== 'my_trend'), []), []);
  assert.deepEqual(unknownThresholdMetrics(parsed, WORKER_METRICS), []);
});

test('metric names are case-sensitive, as in k6; the suggestion fixes the case', () => {
  const parsed = parseThresholds({ HTTP_REQ_DURATION: 'p(95)<1' });
  assert.deepEqual(unknownThresholdMetrics(parsed, WORKER_METRICS), [
    'thresholds["HTTP_REQ_DURATION"]: no metric name "HTTP_REQ_DURATION" found; did you mean "http_req_duration"?',
  ]);
});

test('unknownThresholdMetricsError: a ConfigError (exit 104) with every problem, or undefined', () => {
  assert.equal(unknownThresholdMetricsError(parseThresholds({ checks: 'rate>0.9' }), []), undefined);
  const err = unknownThresholdMetricsError(parseThresholds({ my_trnd: 'p(95)<1', chekcs: 'rate>0.9' }), WORKER_METRICS);
  assert.ok(err instanceof ConfigError);
  assert.equal(err.exitCode, ExitCode.invalidConfig);
  assert.equal(err.exitCode, 104);
  assert.equal(err.problems.length, 2);
  assert.match(err.problems[0], /did you mean "my_trend"\?/);
  assert.match(err.problems[1], /did you mean "checks"\?/);
  assert.match(err.hint ?? '', /init code/);
});

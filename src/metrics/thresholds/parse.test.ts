import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThresholds, parseThresholdExpression, parseMetricKey } from './parse.ts';
import { parseDurationMs } from './duration.ts';
import { ConfigError } from '../../errors/index.ts';

const accepted: [string, string, number | undefined, string, number][] = [
  ['p(95)<500', 'p(95)', 95, '<', 500],
  ['avg <= 200', 'avg', undefined, '<=', 200],
  ['rate<0.01', 'rate', undefined, '<', 0.01],
  ['count>10', 'count', undefined, '>', 10],
  ['value==1', 'value', undefined, '==', 1],
  ['value===1', 'value', undefined, '===', 1],
  ['med!=3', 'med', undefined, '!=', 3],
  ['max>=0', 'max', undefined, '>=', 0],
  ['min>0', 'min', undefined, '>', 0],
  ['p(99.9)<1000', 'p(99.9)', 99.9, '<', 1000],
  ['  p( 90 )  <  1.5e3  ', 'p(90)', 90, '<', 1500],
  ['min > -5', 'min', undefined, '>', -5],
];

for (const [source, aggregation, percentile, operator, value] of accepted) {
  test(`accepts ${JSON.stringify(source)}`, () => {
    assert.deepEqual(parseThresholdExpression(source), { aggregation, percentile, operator, value });
  });
}

const rejected: [string, RegExp][] = [
  ['p95<500', /unknown aggregation method "p95"; use p\(95\)/],
  ['p(101)<5', /between 0 and 100/],
  ['p()<5', /p\(N\)/],
  ['mean<5', /unknown aggregation method "mean"/],
  ['p(95)500', /not a threshold expression/],
  ['p(95)<', /"" in "p\(95\)<" is not a number/],
  ['p(95)<abc', /"abc" in "p\(95\)<abc" is not a number/],
  ['<5', /aggregation method is missing/],
  ['p(95) =< 5', /"=<" in "p\(95\) =< 5" is not an operator; use <=/],
];

for (const [source, message] of rejected) {
  test(`rejects ${JSON.stringify(source)}`, () => {
    assert.throws(() => parseThresholdExpression(source), (e: unknown) => e instanceof ConfigError && message.test(e.message));
  });
}

test('metric keys with submetric selectors', () => {
  assert.deepEqual(parseMetricKey('http_req_duration'), { name: 'http_req_duration', filter: {} });
  assert.deepEqual(parseMetricKey('http_req_duration{status:200}'), { name: 'http_req_duration', filter: { status: '200' } });
  assert.deepEqual(parseMetricKey('iterations{scenario:ci}'), { name: 'iterations', filter: { scenario: 'ci' } });
  assert.deepEqual(parseMetricKey('group_duration{group:::a::b}'), { name: 'group_duration', filter: { group: '::a::b' } });
  assert.deepEqual(parseMetricKey('http_reqs{method:GET,status:200}'), { name: 'http_reqs', filter: { method: 'GET', status: '200' } });
  assert.deepEqual(parseMetricKey('http_req_duration{expected_response:true}'), { name: 'http_req_duration', filter: { expected_response: 'true' } });
  assert.deepEqual(parseMetricKey(' http_reqs { "method" : \'GET\' , status: "200" } '), { name: 'http_reqs', filter: { method: 'GET', status: '200' } });
  assert.deepEqual(parseMetricKey('my_trend{url:http://x:8080/a}'), { name: 'my_trend', filter: { url: 'http://x:8080/a' } });
});

test('bad metric keys are rejected', () => {
  for (const key of ['{status:200}', 'x{}', 'x{status}', 'x{status:200', 'x{:1}', '']) {
    assert.throws(() => parseMetricKey(key), ConfigError, key);
  }
});

test('parseThresholds: short and long forms, option order, defaults', () => {
  const parsed = parseThresholds({
    http_req_duration: ['p(95)<500', { threshold: 'avg<200', abortOnFail: true, delayAbortEval: '10s' }],
    'http_req_duration{status:200}': 'max<1000',
    checks: ['rate>0.99'],
  });
  assert.deepEqual(parsed.map((t) => [t.metric, t.name, t.filter, t.source, t.abortOnFail, t.delayAbortEvalMs]), [
    ['http_req_duration', 'http_req_duration', {}, 'p(95)<500', false, 0],
    ['http_req_duration', 'http_req_duration', {}, 'avg<200', true, 10_000],
    ['http_req_duration{status:200}', 'http_req_duration', { status: '200' }, 'max<1000', false, 0],
    ['checks', 'checks', {}, 'rate>0.99', false, 0],
  ]);
  assert.deepEqual(parseThresholds(undefined), []);
});

test('parseThresholds reports every problem with its option path', () => {
  try {
    parseThresholds({
      http_req_duration: ['p(95)<500', 'p95<500'],
      checks: ['avg<5'],
      iterations: [{ threshold: 'count>1', delayAbortEval: 'soon', abortOnFail: 'yes' } as never],
      'x{oops': ['count>1'],
    });
    assert.fail('expected a ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual(e.problems, [
      'thresholds["http_req_duration"][1]: unknown aggregation method "p95"; use p(95)',
      'thresholds["checks"][0]: aggregation method "avg" does not apply to rate metric "checks"; use rate',
      'thresholds["iterations"][0].abortOnFail: must be true or false',
      'thresholds["iterations"][0].delayAbortEval: "soon" is not a duration; write e.g. "10s" or "1m30s"',
      'thresholds["x{oops"]: "x{oops": the submetric selector must end with "}"',
    ]);
    assert.equal(e.exitCode, 104);
  }
});

test('aggregation must fit the metric type (built-ins and a lookup)', () => {
  assert.throws(() => parseThresholds({ http_reqs: ['avg<5'] }), /"avg" does not apply to counter metric "http_reqs"; use count or rate/);
  assert.throws(() => parseThresholds({ vus: ['avg<5'] }), /use value or min or max/);
  // min and max on a gauge: Stampede's addition for probes (k6 takes value only)
  assert.equal(parseThresholds({ vus: ['max<5', 'min>0'] }).length, 2);
  assert.throws(() => parseThresholds({ http_req_failed: ['count<5'] }), /use rate/);
  assert.throws(() => parseThresholds({ 'http_req_duration{a:b}': ['rate<5'] }), /use avg or min or max or med or p\(N\)/);
  assert.throws(() => parseThresholds({ my_counter: ['p(95)<5'] }, { metricType: () => 'counter' }), /counter metric "my_counter"/);
  assert.equal(parseThresholds({ unknown_custom: ['p(95)<5'] }).length, 1);
  assert.equal(parseThresholds({ http_reqs: ['count>1', 'rate>1'], vus: ['value>0'] }).length, 3);
});

test('durations', () => {
  assert.equal(parseDurationMs('10s'), 10_000);
  assert.equal(parseDurationMs('1m30s'), 90_000);
  assert.equal(parseDurationMs('1.5h'), 5_400_000);
  assert.equal(parseDurationMs('250ms'), 250);
  assert.equal(parseDurationMs('500us'), 0.5);
  assert.equal(parseDurationMs(1500), 1500);
  assert.equal(parseDurationMs('1500'), 1500);
  assert.equal(parseDurationMs('1x'), undefined);
  assert.equal(parseDurationMs('s'), undefined);
  assert.equal(parseDurationMs('-1s'), undefined);
  assert.equal(parseDurationMs(''), undefined);
});

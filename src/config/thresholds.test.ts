import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeThresholds } from './thresholds.ts';

test('strings, long forms and lists all become lists', () => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const out = normalizeThresholds({
    http_req_duration: 'p(95)<500',
    'http_req_failed{scenario:api}': ['rate<0.01', { threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '10s' }],
    checks: { threshold: 'rate>0.9' },
  }, problems, warnings);
  assert.deepEqual(problems, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(out, {
    http_req_duration: ['p(95)<500'],
    'http_req_failed{scenario:api}': ['rate<0.01', { threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '10s' }],
    checks: [{ threshold: 'rate>0.9' }],
  });
});

test('malformed thresholds are problems with paths; unset is empty', () => {
  const problems: string[] = [];
  assert.deepEqual(normalizeThresholds(undefined, problems, []), {});
  normalizeThresholds(['p(95)<1'], problems, []);
  normalizeThresholds({
    a: '  ',
    'b{x:y}': [{ abortOnFail: 'yes', delayAbortEval: 'soon' }],
    c: [null],
  }, problems, []);
  assert.deepEqual(problems, [
    'thresholds: must be an object mapping metric names to threshold expressions, got ["p(95)<1"]',
    'thresholds.a: must not be empty; write an expression like "p(95)<500"',
    'thresholds["b{x:y}"][0].threshold: must be an expression like "p(95)<500", got undefined',
    'thresholds["b{x:y}"][0].abortOnFail: must be true or false, got "yes"',
    'thresholds["b{x:y}"][0].delayAbortEval: invalid duration "soon"; use e.g. 30s, 1m30s, 500ms',
    'thresholds.c[0]: must be an expression like "p(95)<500" or { threshold, abortOnFail?, delayAbortEval? }, got null',
  ]);
});

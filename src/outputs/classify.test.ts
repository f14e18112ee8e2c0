import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, RefusedBatchError } from './classify.ts';

test('a status: 2xx ok; 5xx, 408 and 429 retry; anything else refused for good', () => {
  const verdicts = Object.fromEntries([200, 204, 299, 500, 502, 503, 504, 408, 429, 400, 401, 403, 404, 413, 422, 301, 100].map((s) => [s, classify(s)]));
  assert.deepEqual(verdicts, {
    200: 'ok', 204: 'ok', 299: 'ok',
    500: 'retry', 502: 'retry', 503: 'retry', 504: 'retry', 408: 'retry', 429: 'retry',
    400: 'refused', 401: 'refused', 403: 'refused', 404: 'refused', 413: 'refused', 422: 'refused', 301: 'refused', 100: 'refused',
  });
});

test('an error: a RefusedBatchError is refused; a network error (or anything else thrown) is retried', () => {
  assert.equal(classify(new RefusedBatchError('HTTP 400', 3, 400)), 'refused');
  assert.equal(classify(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })), 'retry');
  assert.equal(classify('a string'), 'retry');
  const e = new RefusedBatchError('bad lines', 2, 400);
  assert.deepEqual([e.name, e.refused, e.status], ['RefusedBatchError', 2, 400]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProgress, formatElapsed } from './progress.ts';

test('progress reads like k6: elapsed, VUs, complete iterations', () => {
  assert.equal(formatElapsed(65_250), '01m05.2s');
  assert.equal(formatProgress({ elapsedMs: 5_200, vus: 10, vusMax: 10, iterations: 523 }), 'running (00m05.2s), 10/10 VUs, 523 complete iterations');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeVus, idRanges } from './worker-watch.ts';

test('VU ids read as ranges', () => {
  assert.equal(idRanges([7, 1, 3, 2]), '1–3, 7');
  assert.equal(idRanges([4]), '4');
  assert.equal(idRanges([]), '');
});

test('lost VUs are named by scenario', () => {
  assert.equal(describeVus(new Map([['default', [1, 2]], ['api', [5]], ['none', []]])), 'VUs 1–2 of scenario default; VU 5 of scenario api');
});

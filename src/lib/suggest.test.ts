import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, didYouMean, editDistance } from './suggest.ts';

test('editDistance counts single-letter edits, a swap as one', () => {
  assert.equal(editDistance('rate', 'rate'), 0);
  assert.equal(editDistance('rat', 'rate'), 1);
  assert.equal(editDistance('vsu', 'vus'), 1);
  assert.equal(editDistance('', 'abc'), 3);
});

test('suggestions only for close names', () => {
  const names = ['vus', 'duration', 'iterations', 'stages', 'thresholds'];
  assert.equal(closestName('vu', names), 'vus');
  assert.equal(closestName('Duration', names), 'duration');
  assert.equal(closestName('iteration', names), 'iterations');
  assert.equal(closestName('treshold', names), 'thresholds');
  assert.equal(closestName('browser', names), undefined);
  assert.equal(didYouMean('stage', names), '; did you mean "stages"?');
  assert.equal(didYouMean('xyz', names), '');
});

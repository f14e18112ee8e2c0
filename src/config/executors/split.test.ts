import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrivalParts, partStart, shareOf } from './split.ts';

test('shareOf splits a count into parts that differ by at most one and add up', () => {
  for (const [total, parts] of [[10, 3], [3, 8], [0, 4], [1000, 7], [5, 1]]) {
    const shares = Array.from({ length: parts }, (_, k) => shareOf(total, k, parts));
    assert.equal(shares.reduce((a, b) => a + b, 0), total, `${total}/${parts}`);
    assert.ok(Math.max(...shares) - Math.min(...shares) <= 1, `${total}/${parts}: ${shares}`);
    for (let k = 0; k < parts; k++) assert.equal(partStart(total, k + 1, parts) - partStart(total, k, parts), shares[k]);
  }
  assert.deepEqual([0, 1, 2].map((k) => shareOf(10, k, 3)), [3, 3, 4]);
});

test('an arrival-rate scenario splits over no more workers than it has pre-allocated VUs, nor VUs at all', () => {
  assert.equal(arrivalParts(4, 100, 1000), 4);
  assert.equal(arrivalParts(8, 2, 2), 2);
  assert.equal(arrivalParts(8, 3, 50), 3);
  assert.equal(arrivalParts(8, 0, 5), 5, 'no pre-allocated VUs: by max VUs');
  assert.equal(arrivalParts(8, 0, 0), 1, 'at least one part');
  assert.equal(arrivalParts(1, 100, 1000), 1);
});

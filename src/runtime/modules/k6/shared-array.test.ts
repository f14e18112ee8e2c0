import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSharedArray, sharedArrayView } from './shared-array.ts';

test('a SharedArray view reads like a frozen array and cannot be changed', () => {
  const items = [{ user: 'ada', n: 1 }, 'plain', 3, null, [1, 2], { nested: { deep: 'é✓' } }];
  const view = sharedArrayView(encodeSharedArray(items)) as unknown[];
  assert.equal(view.length, 6);
  assert.ok(Array.isArray(view));
  assert.deepEqual(view[0], { user: 'ada', n: 1 });
  assert.deepEqual(view[5], { nested: { deep: 'é✓' } });
  assert.equal(view[6], undefined);
  assert.deepEqual([...view], items);
  assert.deepEqual(view.map((x) => typeof x), ['object', 'string', 'number', 'object', 'object', 'object']);
  assert.deepEqual(view.slice(1, 3), ['plain', 3]);
  assert.equal(view.filter((x) => x === 3).length, 1);
  assert.deepEqual(Object.keys(view), ['0', '1', '2', '3', '4', '5']);
  assert.throws(() => { view[0] = 'x'; }, /read-only/);
  assert.throws(() => { view.push('x'); }, /read-only/);
  assert.equal(sharedArrayView(encodeSharedArray([])).length, 0);
});

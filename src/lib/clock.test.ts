import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './clock.ts';

test('a manual clock fires due timers in time order, each at its own time, and timers set while firing', () => {
  const clock = new ManualClock(100);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
  clock.setTimeout(() => {
    fired.push(`a@${clock.now()}`);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 5);
  }, 10);
  const cancelled = clock.setTimeout(() => fired.push('never'), 15);
  clock.clearTimeout(cancelled);
  clock.advance(14);
  assert.deepEqual(fired, ['a@110']);
  clock.advance(100);
  assert.deepEqual(fired, ['a@110', 'c@115', 'b@120']);
  assert.equal(clock.now(), 214);
  assert.equal(clock.pending, 0);
});

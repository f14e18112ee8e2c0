import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRateLimitBuffer, newSharedRateLimiter } from './rate-limit.ts';

test('callers are spaced 1/rate apart, across every view of the shared buffer (burst 1, as Go rate.NewLimiter(r, 1))', () => {
  let nowUs = 1_000_000_000n;
  const clock = () => nowUs;
  const buffer = newRateLimitBuffer();
  const a = newSharedRateLimiter(buffer, 20, clock);
  const b = newSharedRateLimiter(buffer, 20, clock);
  // five callers at the same instant, through two views: 0, 50, 100, 150, 200 ms
  assert.deepEqual([a.reserve(), b.reserve(), a.reserve(), b.reserve(), a.reserve()], [0, 50, 100, 150, 200]);
  nowUs += 1_000_000n; // a second later: the budget does not pile up while idle
  assert.deepEqual([b.reserve(), a.reserve()], [0, 50]);
});

test('a rate of 0 or less is refused', () => {
  assert.throws(() => newSharedRateLimiter(newRateLimitBuffer(), 0), RangeError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settleWithin, TimeoutError, withTimeout } from './time.ts';

const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

test('withTimeout: the value when it comes in time, a TimeoutError naming the wait when it does not', async () => {
  assert.equal(await withTimeout(later(5, 'done'), 1000), 'done');
  assert.equal(await withTimeout('plain', 10), 'plain');
  await assert.rejects(withTimeout(later(200, 'late'), 20), (e: Error) => e instanceof TimeoutError && e.name === 'TimeoutError' && e.message === 'timed out after 20 ms');
  await assert.rejects(withTimeout(later(200, 'late'), 20, 'setup() took too long'), { message: 'setup() took too long' });
  await assert.rejects(withTimeout(Promise.reject(new Error('own')), 1000), { message: 'own' });
});

test('withTimeout: the timer does not outlive the race (a settled wait keeps nothing pending)', async () => {
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  await withTimeout(Promise.resolve(1), 60_000);
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before);
});

test('settleWithin: true when the work settled (even by failing), false when the time ran out; never rejects', async () => {
  assert.equal(await settleWithin(later(5, 0), 1000), true);
  assert.equal(await settleWithin(Promise.reject(new Error('x')), 1000), true);
  const started = Date.now();
  assert.equal(await settleWithin(later(500, 0), 30), false);
  assert.ok(Date.now() - started < 400);
});

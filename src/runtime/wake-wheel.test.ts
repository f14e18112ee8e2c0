import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sleeper, WakeWheel } from './wake-wheel.ts';

test('a sleep lasts at least as long as asked and reports how late it woke', async () => {
  const wheel = new WakeWheel();
  const late: number[] = [];
  const s = new Sleeper((ms) => late.push(ms));
  const t0 = performance.now();
  await wheel.sleep(s, 30);
  const took = performance.now() - t0;
  assert.ok(took >= 30, `slept ${took} ms`);
  assert.equal(late.length, 1);
  assert.ok(late[0] >= 0 && late[0] <= took - 30 + 0.001, `lateness ${late[0]} for a ${took} ms sleep`);
  assert.equal(s.resolve, null);
});

test('sleepers due in the same millisecond share one timer and wake in the order they slept', async () => {
  const wheel = new WakeWheel();
  const order: number[] = [];
  const sleepers = Array.from({ length: 50 }, (_, i) => new Sleeper(() => order.push(i)));
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  // one timer per millisecond the sleepers are due in: as many as the loop took whole milliseconds
  // to run (one or two unless the machine is busy), never one per sleeper
  const from = performance.now();
  const all = sleepers.map((s) => wheel.sleep(s, 200));
  const spannedMs = Math.ceil(performance.now()) - Math.ceil(from) + 1;
  const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length - timersBefore;
  assert.ok(timers <= spannedMs && timers < 10, `${timers} timers for 50 sleeps due within ${spannedMs} ms`);
  assert.equal(wheel.sleeping, 50);
  await Promise.all(all);
  assert.deepEqual(order, sleepers.map((_, i) => i));
  assert.equal(wheel.sleeping, 0);
});

test('wake() ends a sleep early without reporting lateness, and the bucket later skips it', async () => {
  const wheel = new WakeWheel();
  const late: number[] = [];
  const a = new Sleeper((ms) => late.push(ms));
  const b = new Sleeper((ms) => late.push(ms));
  const t0 = performance.now();
  const pa = wheel.sleep(a, 60);
  const pb = wheel.sleep(b, 60);
  wheel.wake(a);
  await pa;
  assert.ok(performance.now() - t0 < 50, 'woken sleep resolved at once');
  // the woken sleeper sleeps again, for longer: the old bucket must not end its new sleep
  const pa2 = wheel.sleep(a, 150);
  await pb;
  assert.equal(late.length, 1, 'only b woke from its bucket');
  assert.notEqual(a.resolve, null, 'a is still in its second sleep');
  await pa2;
  assert.ok(performance.now() - t0 >= 150);
  assert.equal(late.length, 2);
});

test('zero, negative and NaN sleeps end on the next timer turn', async () => {
  const wheel = new WakeWheel();
  for (const ms of [0, -5, Number.NaN]) {
    let done = false;
    const p = wheel.sleep(new Sleeper(), ms).then(() => { done = true; });
    await Promise.resolve();
    assert.equal(done, false, `sleep(${ms}) does not resolve synchronously`);
    await p;
    assert.equal(done, true);
  }
});

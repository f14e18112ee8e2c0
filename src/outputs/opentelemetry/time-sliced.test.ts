import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSliced } from './time-sliced.ts';

function* busySteps(n: number, stepMs: number, done: { count: number }): Generator<void> {
  for (let i = 0; i < n; i++) {
    const end = performance.now() + stepMs;
    while (performance.now() < end) { /* a slow step */ }
    done.count++;
    yield;
  }
}

test('long work runs to the end and lets the event loop in between slices', async () => {
  const done = { count: 0 };
  let ticks = 0;
  const ticker = setInterval(() => { ticks++; }, 1);
  await runSliced(busySteps(400, 0.1, done), 2);
  clearInterval(ticker);
  assert.equal(done.count, 400);
  assert.ok(ticks >= 3, `timers ran ${ticks} times during 40 ms of sliced work`);
});

test('short work finishes in the first slice; a throwing step rejects', async () => {
  const done = { count: 0 };
  await runSliced(busySteps(3, 0, done), 5);
  assert.equal(done.count, 3);
  // eslint-disable-next-line require-yield
  function* failing(): Generator<void> { throw new Error('boom'); }
  await assert.rejects(runSliced(failing(), 5), /boom/);
});

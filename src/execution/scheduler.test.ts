import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioFixture } from '../config/testing/scenario-fixtures.ts';
import { ManualClock } from '../lib/index.ts';
import { Scheduler } from './scheduler.ts';
import { ControlError } from './control-error.ts';
import { FakeVuPool, advance } from './testing/fake-vu-pool.ts';

function setup() {
  const clock = new ManualClock(50_000);
  const pool = new FakeVuPool(clock);
  const scheduler = new Scheduler(pool, clock, () => clock.now());
  return { clock, pool, scheduler, testStart: clock.now() };
}

test('each scenario starts after its startTime on the injected clock, and the run resolves when all are done', async () => {
  const { clock, pool, scheduler, testStart } = setup();
  const early = { ...scenarioFixture('constant-vus', { vus: 2, durationMs: 1000, gracefulStopMs: 0 }), name: 'early' };
  const late = { ...scenarioFixture('per-vu-iterations', { vus: 1, iterations: 3, maxDurationMs: 60_000 }), name: 'late', startTimeMs: 1500 };
  let done = false;
  const running = scheduler.run([early, late], undefined, testStart).then(() => { done = true; });
  await advance(clock, 0);
  assert.equal(pool.running.size, 2, 'early starts at once');
  assert.deepEqual(scheduler.timesOf('late'), {}, 'late waits');
  await advance(clock, 1490);
  assert.equal(pool.running.size, 0, 'early is over after its duration; late not started yet');
  await advance(clock, 10);
  assert.equal(pool.running.size, 1, 'late starts at 1.5 s');
  assert.equal(scheduler.timesOf('late').startedAt, testStart + 1500);
  await advance(clock, 300);
  await running;
  assert.ok(done);
  assert.deepEqual(scheduler.timesOf('early'), { startedAt: testStart, endedAt: testStart + 1000 });
  assert.deepEqual(scheduler.timesOf('late'), { startedAt: testStart + 1500, endedAt: testStart + 1800 });
  assert.equal(pool.runs.find((r) => r.name === 'late')?.deadline, testStart + 1500 + 60_000);
});

test('stop() ends a waiting scenario before it starts and stops the running ones with their gracefulStop', async () => {
  const { clock, pool, scheduler, testStart } = setup();
  const now = { ...scenarioFixture('constant-vus', { vus: 1, durationMs: 60_000, gracefulStopMs: 2000 }), name: 'now' };
  const later = { ...scenarioFixture('constant-vus', { vus: 1, durationMs: 60_000 }), name: 'later', startTimeMs: 30_000 };
  const running = scheduler.run([now, later], undefined, testStart);
  await advance(clock, 100);
  scheduler.stop();
  assert.ok(scheduler.stopped);
  await advance(clock, 10);
  assert.deepEqual(pool.stops.map((s) => [s.scenario, s.gracefulMs]), [['now', 2000]]);
  assert.equal(scheduler.timesOf('later').startedAt, undefined, 'never started');
  await advance(clock, 200);
  await running;
  assert.equal(pool.started.length, 1);
  assert.throws(() => scheduler.scale(1), ControlError);
});

test('scale() reaches exactly one running externally-controlled scenario', async () => {
  const { clock, pool, scheduler, testStart } = setup();
  assert.throws(() => scheduler.scale(1), /none is running/);
  const ext = { ...scenarioFixture('externally-controlled', { vus: 1, maxVUs: 2, durationMs: 5000, gracefulStopMs: 0 }), name: 'ext' };
  const running = scheduler.run([ext], undefined, testStart);
  await advance(clock, 0);
  assert.deepEqual(scheduler.external, { vus: 1, maxVUs: 2 });
  scheduler.scale(2);
  assert.equal(pool.looping, 2);
  await advance(clock, 5000, 100);
  await running;
  assert.equal(scheduler.external, undefined, 'unregistered at its end');
});

test('check() rejects an executor without a runner before anything starts', () => {
  const bogus = { ...scenarioFixture('constant-vus', { vus: 1, durationMs: 1000 }), executor: 'constant-vu' } as never;
  assert.throws(() => Scheduler.check([bogus]), /"constant-vu" is not supported yet/);
});

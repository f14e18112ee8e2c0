/**
 * The executor contract (DESIGN.md, Tests): every runner, against an
 * in-memory VU pool on a ManualClock, reserves the VUs its definition plans
 * and starts them, never has more than maxVUs, resolves when its VUs are
 * done and not before, stops them with its gracefulStop when the test is
 * stopped, and runs for the time its definition plans.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArrivalSchedule, EXECUTOR_NAMES, definitionOf, plannedDurationMs, rampingRateProfile, rampingVUsAt, totalDurationMs,
  type ExecutorName, type ScenarioConfig, type ScenarioConfigOf,
} from '../../config/index.ts';
import { scenarioFixture } from '../../config/testing/scenario-fixtures.ts';
import { ManualClock } from '../../lib/index.ts';
import type { ExecutorContext, Scaler } from '../executor.ts';
import { ControlError } from '../control-error.ts';
import { FakeVuPool, advance, settle } from '../testing/fake-vu-pool.ts';
import { EXECUTORS, runnerOf } from './index.ts';

interface Case {
  scenario: ScenarioConfig;
  /** VUs looping (arrival rate: initialised) right after the start */
  atStart: number;
  /** when it ends, undisturbed, with 100 ms iterations */
  endsAt: number;
  /** iterations it runs to their end, undisturbed, when that is its point */
  iterations?: number;
}

const rampingArrival = scenarioFixture('ramping-arrival-rate', {
  startRate: 0, timeUnitMs: 1000, stages: [{ durationMs: 1000, target: 20 }, { durationMs: 1000, target: 0 }], durationMs: 2000,
  preAllocatedVUs: 1, maxVUs: 3, gracefulStopMs: 3000,
});
const rampingArrivalSchedule = ArrivalSchedule.of(rampingRateProfile(rampingArrival));

/** One scenario per executor; a new executor without a case here fails tsc. */
const CASES: { [E in ExecutorName]: Case & { scenario: ScenarioConfigOf<E> } } = {
  'shared-iterations': {
    scenario: scenarioFixture('shared-iterations', { vus: 3, iterations: 10, maxDurationMs: 60_000, gracefulStopMs: 5000 }),
    // 3 VUs claim 3, 6, 9 iterations by 300 ms; the 10th ends at 400 ms
    atStart: 3, endsAt: 400, iterations: 10,
  },
  'per-vu-iterations': {
    scenario: scenarioFixture('per-vu-iterations', { vus: 2, iterations: 5, maxDurationMs: 60_000, gracefulStopMs: 5000 }),
    atStart: 2, endsAt: 500, iterations: 10,
  },
  'constant-vus': {
    scenario: scenarioFixture('constant-vus', { vus: 4, durationMs: 2000, gracefulStopMs: 3000 }),
    atStart: 4, endsAt: 2000,
  },
  'ramping-vus': {
    scenario: scenarioFixture('ramping-vus', {
      startVUs: 1, stages: [{ durationMs: 1000, target: 5 }, { durationMs: 1000, target: 0 }], durationMs: 2000, gracefulRampDownMs: 500, gracefulStopMs: 3000,
    }),
    atStart: 1, endsAt: 2000,
  },
  'constant-arrival-rate': {
    scenario: scenarioFixture('constant-arrival-rate', { rate: 10, timeUnitMs: 1000, durationMs: 2000, preAllocatedVUs: 2, maxVUs: 4, gracefulStopMs: 3000 }),
    // an iteration every 100 ms from 0 to 1900, each 100 ms long
    atStart: 2, endsAt: 2000, iterations: 20,
  },
  'ramping-arrival-rate': {
    scenario: rampingArrival,
    atStart: 1, endsAt: rampingArrivalSchedule.offsetOf(rampingArrivalSchedule.total - 1)! + 100, iterations: rampingArrivalSchedule.total,
  },
  'externally-controlled': {
    scenario: scenarioFixture('externally-controlled', { vus: 2, maxVUs: 5, durationMs: 2000, gracefulStopMs: 0 }),
    atStart: 2, endsAt: 2000,
  },
};

const START = 10_000;

/** Runs a scenario's runner on a fake pool; `done` says when (clock time) it resolved. */
function start(s: ScenarioConfig, opts: { iterationMs?: number; aborted?: boolean } = {}) {
  const clock = new ManualClock(START);
  const pool = new FakeVuPool(clock, opts.iterationMs);
  const stop = new AbortController();
  if (opts.aborted) stop.abort();
  const scalers: Scaler[] = [];
  const ctx: ExecutorContext = {
    scenario: s, pool, setupData: undefined, startedAt: clock.now(), clock, signal: stop.signal,
    registerScaler: (sc) => scalers.push(sc),
  };
  const state: { endedAt?: number; busyAtEnd?: number } = {};
  const running = runnerOf(s)!.run(ctx).then(() => { state.endedAt = clock.now(); state.busyAtEnd = pool.busy; });
  return { clock, pool, stop, scalers, state, running };
}

/** VUs the scenario has now: closed-model VUs looping, or arrival-rate VUs initialised. */
function vusNow(pool: FakeVuPool, s: ScenarioConfig): number {
  return definitionOf(s).peakRate(s) > 0 ? pool.arrivalVUs(s.name) : pool.looping;
}

/** Advances until the runner resolves (or `limitMs` passes). */
async function runToEnd(r: ReturnType<typeof start>, limitMs: number, sample?: () => void): Promise<void> {
  while (r.state.endedAt === undefined && r.clock.now() - START <= limitMs) {
    await advance(r.clock, 10);
    sample?.();
  }
}

test('every executor has a definition, a runner and a contract case', () => {
  assert.deepEqual(Object.keys(EXECUTORS), [...EXECUTOR_NAMES]);
  assert.deepEqual(Object.keys(CASES), [...EXECUTOR_NAMES]);
  for (const name of EXECUTOR_NAMES) assert.equal(CASES[name].scenario.executor, name);
});

for (const name of EXECUTOR_NAMES) {
  const c: Case = CASES[name];
  const s = c.scenario;
  const def = definitionOf(s);

  describe(`executor contract: ${name}`, () => {
    test('reserves the VUs its plan says and starts the ones it starts with', async () => {
      const r = start(s);
      await settle();
      assert.equal(r.pool.allocated, def.maxVUs(s), 'VU ids reserved = the plan\'s max VUs');
      assert.equal(vusNow(r.pool, s), c.atStart, 'VUs at the start');
      if (def.peakRate(s) > 0) assert.equal(c.atStart, def.initialVUs(s), 'arrival rate: the pre-allocated VUs');
      r.stop.abort();
      await runToEnd(r, 60_000);
    });

    test('runs for the time its definition plans, never over maxVUs, and resolves once its VUs are done', async () => {
      const r = start(s);
      let most = 0;
      await runToEnd(r, totalDurationMs(s) + 1000, () => { most = Math.max(most, vusNow(r.pool, s)); });
      assert.deepEqual(r.pool.problems, []);
      assert.ok(r.state.endedAt !== undefined, 'resolved');
      const ranMs = r.state.endedAt - START;
      // the test moves the clock in 10 ms steps, so it sees the end at the step's end
      assert.ok(ranMs >= c.endsAt && ranMs < c.endsAt + 10, `ended after ${ranMs} ms, expected ${c.endsAt}`);
      assert.ok(ranMs <= totalDurationMs(s), `within its total duration ${totalDurationMs(s)}`);
      assert.equal(r.state.busyAtEnd, 0, 'no VU still running when it resolved');
      assert.ok(r.pool.peak <= def.maxVUs(s), `at most ${def.maxVUs(s)} VUs at once, had ${r.pool.peak}`);
      assert.ok(most <= def.maxVUs(s));
      assert.equal(new Set(r.pool.started).size, r.pool.started.length, 'no VU started twice while running');
      for (const run of r.pool.runs) {
        assert.equal(run.deadline, START + plannedDurationMs(s), 'the workers\' deadline is the planned duration');
        assert.equal(run.gracefulStopMs, s.gracefulStopMs);
        assert.equal(run.executor, name);
      }
      if (c.iterations !== undefined) assert.equal(r.pool.iterations, c.iterations, 'iterations run');
      assert.equal(r.pool.stops.filter((x) => x.gracefulMs === s.gracefulStopMs && x.at < START + def.plannedMs(s)).length
        + r.pool.arrivalStops.length, 0, 'nothing stopped with gracefulStop before the end');
    });

    test('stops its VUs with its gracefulStop when the test is stopped', async () => {
      // iterations far longer than the test: every running VU is still in one when the stop comes
      const r = start(s, { iterationMs: 100_000 });
      await advance(r.clock, 300);
      assert.equal(r.state.endedAt, undefined, 'still running');
      r.stop.abort();
      const stoppedAt = r.clock.now();
      await settle();
      const asked = [...r.pool.stops, ...r.pool.arrivalStops].filter((x) => x.at === stoppedAt);
      assert.ok(asked.length > 0, 'asked the pool to stop');
      for (const x of asked) assert.equal(x.gracefulMs, s.gracefulStopMs, 'with its gracefulStop');
      await runToEnd(r, 300 + s.gracefulStopMs + 1000);
      assert.equal(r.state.endedAt, stoppedAt + s.gracefulStopMs, 'ended when the grace ran out');
      assert.equal(r.state.busyAtEnd, 0);
      assert.deepEqual(r.pool.problems, []);
    });

    test('a test stopped before it starts ends it within gracefulStop', async () => {
      const r = start(s, { aborted: true, iterationMs: 100_000 });
      await runToEnd(r, s.gracefulStopMs + 1000);
      assert.ok(r.state.endedAt !== undefined && r.state.endedAt - START <= s.gracefulStopMs, `ended at ${r.state.endedAt}`);
      assert.equal(r.state.busyAtEnd, 0);
    });
  });
}

test('ramping-vus follows its planned curve, and ramped-down VUs get gracefulRampDown', async () => {
  const s = CASES['ramping-vus'].scenario;
  const r = start(s);
  for (let t = 0; t < 2000; t += 50) {
    if (t > 0) await advance(r.clock, 50);
    else await settle();
    assert.equal(r.pool.looping, rampingVUsAt(s.stages, s.startVUs, t), `looping VUs at ${t} ms`);
  }
  const rampDowns = r.pool.stops.filter((x) => x.at > START + 1000);
  assert.ok(rampDowns.length > 0);
  for (const x of rampDowns) assert.equal(x.gracefulMs, s.gracefulRampDownMs);
  await runToEnd(r, 10_000);
});

test('externally-controlled scales within maxVUs, raises it on request, and refuses what it cannot do', async () => {
  const s = CASES['externally-controlled'].scenario;
  const r = start(s);
  await settle();
  const [scaler] = r.scalers;
  assert.deepEqual([scaler.vus, scaler.maxVUs, r.pool.looping], [2, 5, 2]);
  scaler.scale(5);
  assert.equal(r.pool.looping, 5);
  assert.throws(() => scaler.scale(6), ControlError);
  assert.throws(() => scaler.scale(1, 3), ControlError, 'max VUs only grow');
  scaler.scale(7, 8);
  assert.deepEqual([scaler.vus, scaler.maxVUs, r.pool.looping, r.pool.allocated], [7, 8, 7, 8]);
  scaler.scale(1);
  assert.equal(r.pool.looping, 1);
  await runToEnd(r, 10_000);
  assert.equal(r.state.endedAt, START + 2000);
});

test('externally-controlled without a duration runs until the test is stopped', async () => {
  const s = scenarioFixture('externally-controlled', { vus: 1, maxVUs: 1, durationMs: 0, gracefulStopMs: 0 });
  const r = start(s);
  await advance(r.clock, 60_000, 1000);
  assert.equal(r.state.endedAt, undefined);
  assert.equal(r.pool.runs[0].deadline, Infinity);
  r.stop.abort();
  await settle();
  assert.equal(r.state.endedAt, START + 60_000);
});

/**
 * The arrival driver on a ManualClock: iterations start exactly on the
 * schedule, an iteration that finds no free VU waits WAIT_FOR_VU_MS and is
 * then dropped, a stop abandons busy VUs after the grace period, and a pause
 * shifts the schedule. Time moves 1 ms at a time, and the VUs' promise
 * callbacks run between steps, as on a real event loop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedOptions } from '../config/options.ts';
import type { ScenarioRun } from '../workers/protocol.ts';
import { ARRIVAL_VUS, GROWN_VUS, newControlBlock } from '../workers/control-block.ts';
import { ManualClock } from '../lib/index.ts';
import { Vu, type VuShared } from './vu.ts';
import { newWorkerBatcher } from './worker-batcher.ts';
import { ArrivalDriver, WAIT_FOR_VU_MS } from './arrival-driver.ts';
import { WakeWheel } from './wake-wheel.ts';

/** The clock starts at an arbitrary non-zero time: nothing may assume the schedule starts at 0. */
const T0 = 5_000;

const SHARED: VuShared = {
  factory: async () => ({}),
  scriptPath: '/tmp/script.js', env: {}, options: { tags: {} } as unknown as ResolvedOptions, systemTags: new Set(), httpDebug: '',
  logger: { warn() {}, error() {}, info() {}, debug() {} }, sink: newWorkerBatcher(false).sink, openCache: new Map(), wheel: new WakeWheel(),
  instance: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
  testStart: 0, reportError() {},
};

interface Options {
  startRate?: number;
  stages: { durationMs: number; target: number }[];
  timeUnitMs?: number;
  preAllocatedVUs: number;
  maxVUs?: number;
  gracefulStopMs?: number;
  /** how long an iteration runs (ms on the clock); Infinity: until the test calls `finish(vu)` */
  iterationMs?: number;
}

/** A driver over real VUs whose iterations take `iterationMs` on the manual clock. */
function harness(o: Options) {
  const clock = new ManualClock(T0);
  const control = newControlBlock();
  /** clock time (ms since T0) and VU id of every iteration start */
  const starts: { at: number; vu: number }[] = [];
  const late: number[] = [];
  const warnings: string[] = [];
  const reported: number[] = [];
  const released: number[] = [];
  const abandoned: number[] = [];
  const running = new Map<number, () => void>();
  let dropped = 0;
  let paused: { promise: Promise<void>; resume: () => void } | undefined;
  const iterationMs = o.iterationMs ?? 0;
  const run: ScenarioRun = {
    name: 'arrivals', executor: 'ramping-arrival-rate', exec: 'default', env: {}, tags: {},
    loop: {
      kind: 'arrival', startRate: o.startRate ?? o.stages[0].target, stages: o.stages, timeUnitMs: o.timeUnitMs ?? 1000,
      preAllocatedVUs: o.preAllocatedVUs, offset: 0, stride: 1,
    },
    iterationCounter: new SharedArrayBuffer(4), deadline: Infinity, gracefulStopMs: o.gracefulStopMs ?? 0,
  };
  const ids = Array.from({ length: o.maxVUs ?? o.preAllocatedVUs }, (_, i) => i + 1);
  const driver = new ArrivalDriver(run, ids, undefined, {
    createVu: async (id) => {
      const vu = new Vu(id, SHARED);
      vu.exports = {
        default: () => {
          starts.push({ at: clock.now() - T0, vu: id });
          if (iterationMs === 0) return undefined;
          return new Promise<void>((resolve) => {
            running.set(id, resolve);
            if (Number.isFinite(iterationMs)) clock.setTimeout(() => { running.delete(id); resolve(); }, iterationMs);
          });
        },
      };
      vu.state.inInit = false;
      vu.enterScenario(run.name, run.executor, {}, 0);
      return vu;
    },
    release: (vu) => { released.push(vu.state.id); },
    abandon: (vu) => { abandoned.push(vu.state.id); },
    dropped: () => { dropped++; },
    late: (ms) => { late.push(ms); },
    warn: (line) => { warnings.push(line); },
    reportVus: (vus) => { reported.push(vus); },
    hooks: {
      onIterationError: (_vu, err) => { throw err; },
      onAbort() {},
      pauseWait: () => paused?.promise,
    },
    control,
    clock,
  });
  let done = false;
  void driver.done.then(() => { done = true; });
  return {
    driver, clock, control, starts, late, warnings, reported, released, abandoned,
    get dropped() { return dropped; },
    get done() { return done; },
    /** Moves the clock `ms` forward, 1 ms at a time, letting promise callbacks run after each step. */
    async advance(ms: number): Promise<void> {
      for (let i = 0; i < ms; i++) {
        clock.advance(1);
        await settle();
      }
    },
    /** Ends the running iteration of VU `id`. */
    async finish(id: number): Promise<void> {
      const resolve = running.get(id);
      assert.ok(resolve, `VU ${id} is not running an iteration`);
      running.delete(id);
      resolve();
      await settle();
    },
    pause(): void {
      let resume!: () => void;
      const promise = new Promise<void>((r) => { resume = r; });
      paused = { promise, resume };
    },
    async resume(): Promise<void> {
      const p = paused;
      paused = undefined;
      p?.resume();
      await settle();
    },
    /** Ms since the clock started. */
    get now() { return clock.now() - T0; },
  };
}

/** Lets every pending promise callback run (they all run before the next macrotask). */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

test('constant rate: exactly rate × duration iterations, each started at its time, none late or dropped', async () => {
  // 50 per second for 2 s: one every 20 ms
  const h = harness({ stages: [{ durationMs: 2000, target: 50 }], preAllocatedVUs: 2, iterationMs: 5, gracefulStopMs: 1000 });
  await h.driver.start();
  assert.deepEqual(h.reported, [2]);
  await h.advance(2100);
  assert.equal(h.starts.length, 100);
  assert.deepEqual(h.starts.map((s) => s.at), Array.from({ length: 100 }, (_, i) => i * 20));
  assert.ok(h.late.every((ms) => ms === 0), `late: ${h.late.filter((ms) => ms !== 0)}`);
  assert.equal(h.dropped, 0);
  assert.ok(h.done);
  assert.deepEqual(h.abandoned, [], 'the last iteration finished within gracefulStop');
  assert.deepEqual(h.released.toSorted(), [1, 2]);
  assert.equal(h.reported.at(-1), 0);
  assert.equal(Atomics.load(h.control, ARRIVAL_VUS), 0);
  assert.equal(h.clock.pending, 0, 'no timer left behind');
});

test('ramping rate: iterations follow the stages (a linear ramp, then a constant stage)', async () => {
  // 0 → 10/s over 1 s (5 iterations at √(200000·k) ms), then 10/s for 1 s (10 more, every 100 ms)
  const h = harness({ startRate: 0, stages: [{ durationMs: 1000, target: 10 }, { durationMs: 1000, target: 10 }], preAllocatedVUs: 1 });
  await h.driver.start();
  await h.advance(2100);
  const expected = [
    ...Array.from({ length: 5 }, (_, k) => Math.sqrt(200_000 * k)),
    ...Array.from({ length: 10 }, (_, k) => 1000 + 100 * k),
  ];
  assert.equal(h.starts.length, expected.length);
  h.starts.forEach((s, i) => {
    // a timer fires on the whole millisecond at or after the exact time
    assert.ok(s.at >= expected[i] - 1e-9 && s.at < expected[i] + 1, `iteration ${i} started at ${s.at}, due at ${expected[i]}`);
  });
  assert.ok(h.late.every((ms) => ms >= 0 && ms < 1));
  assert.equal(h.dropped, 0);
  assert.ok(h.done);
});

test(`no free VU: the iteration waits up to WAIT_FOR_VU_MS (${WAIT_FOR_VU_MS} ms) and then is dropped; maxVUs reached is said once`, async () => {
  // one VU, busy with the first iteration; the second is due at 100 ms
  const h = harness({ stages: [{ durationMs: 200, target: 10 }], preAllocatedVUs: 1, iterationMs: Infinity, gracefulStopMs: 1000 });
  await h.driver.start();
  await h.advance(100);
  assert.equal(h.starts.length, 1);
  assert.equal(h.dropped, 0);
  assert.equal(h.warnings.length, 1);
  assert.match(h.warnings[0], /^Insufficient VUs, reached 1 active VUs and cannot initialize more {2}executor=ramping-arrival-rate scenario=arrivals$/);
  await h.advance(WAIT_FOR_VU_MS);
  assert.equal(h.dropped, 0, 'still waiting at exactly WAIT_FOR_VU_MS');
  await h.advance(1);
  assert.equal(h.dropped, 1, 'dropped once the wait is over');
  assert.equal(h.starts.length, 1);
  await h.finish(1);
  assert.ok(h.done);
  assert.deepEqual(h.abandoned, []);
  assert.equal(h.warnings.length, 1);
});

test('no free VU: a VU freed within the wait takes the waiting iteration, late by the wait', async () => {
  const h = harness({ stages: [{ durationMs: 200, target: 10 }], preAllocatedVUs: 1, iterationMs: 105 });
  await h.driver.start();
  await h.advance(200);
  assert.deepEqual(h.starts.map((s) => s.at), [0, 105]);
  assert.deepEqual(h.late, [0, 5]);
  assert.equal(h.dropped, 0);
});

test('no free VU: a VU grown beyond preAllocatedVUs takes the waiting iteration', async () => {
  const h = harness({ stages: [{ durationMs: 200, target: 10 }], preAllocatedVUs: 1, maxVUs: 2, iterationMs: Infinity, gracefulStopMs: 1000 });
  await h.driver.start();
  await h.advance(100);
  assert.deepEqual(h.starts, [{ at: 0, vu: 1 }, { at: 100, vu: 2 }]);
  assert.deepEqual(h.reported, [1, 2]);
  assert.equal(Atomics.load(h.control, GROWN_VUS), 1);
  assert.equal(Atomics.load(h.control, ARRIVAL_VUS), 2);
  assert.equal(h.dropped, 0);
  assert.deepEqual(h.warnings, []);
});

test('stop(graceful): no iteration starts after it; busy VUs are abandoned when the grace is over, not before', async () => {
  const h = harness({ stages: [{ durationMs: 10_000, target: 10 }], preAllocatedVUs: 3, iterationMs: Infinity });
  await h.driver.start();
  await h.advance(250);
  assert.equal(h.starts.length, 3);
  h.driver.stop(500);
  await h.advance(499);
  assert.equal(h.starts.length, 3);
  assert.deepEqual(h.abandoned, []);
  assert.ok(!h.done);
  await h.finish(2); // finishes within the grace: kept, released with the others at the end
  assert.deepEqual(h.released, []);
  await h.advance(1);
  assert.deepEqual(h.abandoned.toSorted(), [1, 3]);
  assert.deepEqual(h.released, [2]);
  assert.ok(h.done);
  assert.equal(Atomics.load(h.control, ARRIVAL_VUS), 0);
  assert.equal(h.dropped, 0);
});

test('stop(0) abandons busy VUs at once and drops the iterations waiting for one', async () => {
  const h = harness({ stages: [{ durationMs: 10_000, target: 10 }], preAllocatedVUs: 1, iterationMs: Infinity });
  await h.driver.start();
  await h.advance(100);
  assert.equal(h.starts.length, 1);
  h.driver.stop(0);
  assert.equal(h.dropped, 1);
  assert.deepEqual(h.abandoned, [1]);
  await h.advance(1);
  assert.ok(h.done);
});

test('pause: no iteration starts while paused; on resume the schedule goes on shifted by the pause', async () => {
  const h = harness({ stages: [{ durationMs: 1000, target: 10 }], preAllocatedVUs: 1 });
  await h.driver.start();
  await h.advance(250);
  assert.deepEqual(h.starts.map((s) => s.at), [0, 100, 200]);
  h.pause();
  await h.advance(750);
  assert.equal(h.starts.length, 3, 'nothing starts while paused');
  await h.resume(); // at 1000 ms: the tick due at 300 ms waited 700 ms
  await h.advance(700);
  assert.deepEqual(h.starts.map((s) => s.at), [0, 100, 200, 1000, 1100, 1200, 1300, 1400, 1500, 1600]);
  assert.ok(h.late.every((ms) => ms === 0));
  assert.equal(h.dropped, 0);
  assert.ok(h.done);
});

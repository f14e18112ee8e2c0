import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedOptions } from '../config/options.ts';
import type { LoopSpec, ScenarioRun } from '../workers/protocol.ts';
import { Vu, type VuShared } from './vu.ts';
import { newWorkerBatcher } from './worker-batcher.ts';
import { runIterations, type LoopHooks } from './iteration-loop.ts';
import { WakeWheel } from './wake-wheel.ts';

const SILENT = { warn() {}, error() {}, info() {}, debug() {} };
const HOOKS: LoopHooks = {
  onIterationError: (_vu, err) => { throw err; },
  onAbort() {},
  pauseWait: () => undefined,
};

/** VUs whose exec function records exec.scenario.iterationInTest (read through k6/execution) into `seen`. */
async function vus(n: number, seen: number[]): Promise<Vu[]> {
  const shared: VuShared = {
    factory: async (sp) => {
      const exec = (sp as { import(m: string): { default: { scenario: { iterationInTest: number } } } }).import('k6/execution').default;
      return {
        default: async () => {
          seen.push(exec.scenario.iterationInTest);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
        },
      };
    },
    scriptPath: '/tmp/script.js', env: {}, options: { tags: {} } as unknown as ResolvedOptions, systemTags: new Set(), httpDebug: '',
    logger: SILENT, sink: newWorkerBatcher(false).sink, openCache: new Map(), wheel: new WakeWheel(),
    instance: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
    testStart: Date.now(), reportError() {},
  };
  const out: Vu[] = [];
  for (let id = 1; id <= n; id++) {
    const vu = new Vu(id, shared);
    await vu.init();
    vu.enterScenario('s', 'x', {}, Date.now());
    out.push(vu);
  }
  return out;
}

function run(loop: LoopSpec, deadline = Infinity): ScenarioRun {
  return {
    name: 's', executor: 'x', exec: 'default', env: {}, tags: {}, loop,
    iterationCounter: new SharedArrayBuffer(4), deadline, gracefulStopMs: 0,
  };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('per-vu-iterations: iterationInTest is unique in the scenario across VUs (k6), __ITER stays per VU', async () => {
  const seen: number[] = [];
  const r = run({ kind: 'per-vu', iterations: 5 });
  const crew = await vus(3, seen);
  await Promise.all(crew.map((vu) => runIterations(vu, r, undefined, { stopRequested: false }, HOOKS)));
  assert.deepEqual(seen.toSorted((a, b) => a - b), range(15));
  for (const vu of crew) assert.equal(vu.counters.iterationInScenario, 5);
});

test('until-stopped (constant-vus, ramping-vus, externally-controlled): VUs claim 0..N-1 between them', async () => {
  const seen: number[] = [];
  const r = run({ kind: 'until-stopped' });
  const crew = await vus(4, seen);
  // stopped by the test, not by a deadline: no timing on a busy machine decides how far they get
  const control = { stopRequested: false };
  const stopAt40 = setInterval(() => { if (seen.length >= 40) control.stopRequested = true; }, 1);
  await Promise.all(crew.map((vu) => runIterations(vu, r, undefined, control, HOOKS)));
  clearInterval(stopAt40);
  assert.ok(seen.length >= 40);
  assert.deepEqual(seen.toSorted((a, b) => a - b), range(seen.length));
});

test('shared-iterations: the same counter bounds the total', async () => {
  const seen: number[] = [];
  const r = run({ kind: 'shared', total: 10 });
  // a VU that joins later (as from another worker) shares the same memory
  const copy: ScenarioRun = { ...r, iterationCounter: structuredClone(r.iterationCounter) };
  const crew = await vus(3, seen);
  await Promise.all(crew.map((vu, i) => runIterations(vu, i === 2 ? copy : r, undefined, { stopRequested: false }, HOOKS)));
  assert.deepEqual(seen.toSorted((a, b) => a - b), range(10));
});

/** One VU with minIterationDuration whose iteration takes ~0 ms, recording iteration_duration. */
async function paddedVu(minIterationDurationMs: number, durations: number[]): Promise<Vu> {
  const shared: VuShared = {
    factory: async () => ({ default: () => {} }),
    scriptPath: '/tmp/script.js', env: {}, options: { tags: {}, minIterationDurationMs } as unknown as ResolvedOptions,
    systemTags: new Set(), httpDebug: '', logger: SILENT,
    sink: { add: (metric, _tags, value) => { if (metric === 'iteration_duration') durations.push(value); }, addAll() {}, define() {} },
    openCache: new Map(), wheel: new WakeWheel(), instance: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
    testStart: Date.now(), reportError() {},
  };
  const vu = new Vu(1, shared);
  await vu.init();
  vu.enterScenario('s', 'x', {}, Date.now());
  return vu;
}

test('minIterationDuration: a short iteration is padded to it; iteration_duration stays the iteration\'s own time (k6)', async () => {
  const durations: number[] = [];
  const vu = await paddedVu(80, durations);
  const started = performance.now();
  await runIterations(vu, run({ kind: 'per-vu', iterations: 3 }), undefined, { stopRequested: false }, HOOKS);
  const elapsed = performance.now() - started;
  assert.equal(durations.length, 3);
  assert.ok(elapsed >= 3 * 80 - 5, `3 iterations padded to 80 ms took ${elapsed} ms`);
  for (const d of durations) assert.ok(d < 75, `iteration_duration ${d} ms excludes the padding`);
});

test('minIterationDuration: a stop request or an interrupt ends the padding early', async () => {
  const vu = await paddedVu(10_000, []);
  const control = { stopRequested: false };
  const started = performance.now();
  setTimeout(() => { control.stopRequested = true; }, 30);
  await runIterations(vu, run({ kind: 'per-vu', iterations: 5 }), undefined, control, HOOKS);
  assert.ok(performance.now() - started < 1000, 'stopped within the poll interval, not after 10 s');
  const other = await paddedVu(10_000, []);
  setTimeout(() => other.interrupt(), 30);
  const t0 = performance.now();
  await runIterations(other, run({ kind: 'per-vu', iterations: 2 }), undefined, { stopRequested: false }, HOOKS);
  assert.ok(performance.now() - t0 < 1000);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedOptions } from '../config/options.ts';
import type { LoopSpec, ScenarioRun } from '../workers/protocol.ts';
import { Vu, type VuShared } from './vu.ts';
import { newWorkerBatcher } from './worker-batcher.ts';
import { runIterations, type LoopHooks } from './iteration-loop.ts';

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
    logger: SILENT, sink: newWorkerBatcher(false).sink, openCache: new Map(),
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
  const r = run({ kind: 'until-stopped' }, Date.now() + 60);
  const crew = await vus(4, seen);
  await Promise.all(crew.map((vu) => runIterations(vu, r, undefined, { stopRequested: false }, HOOKS)));
  assert.ok(seen.length > 4);
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutorName, ScenarioConfigOf } from '../options.ts';
import { buildScenarioConfig, type ScenarioCheck } from '../scenario-config.ts';
import { scenarioFixture } from '../testing/scenario-fixtures.ts';
import { EXECUTOR_DEFINITIONS, EXECUTOR_NAMES, definitionOf, executorDefinition, isExecutorName } from './index.ts';

interface Plan {
  maxVUs: number;
  initialVUs: number;
  plannedMs: number;
  peakRate: number;
  /** over 4 workers */
  workerParts: number;
  describe: string;
}

interface Case<E extends ExecutorName> {
  scenario: ScenarioConfigOf<E>;
  plan: Plan;
  /** the options as a user writes them that parse to `scenario`'s own fields */
  raw: Record<string, unknown>;
}

/** One pinned scenario per executor (the lines k6 prints); a missing executor fails tsc. */
const CASES: { [E in ExecutorName]: Case<E> } = {
  'shared-iterations': {
    scenario: scenarioFixture('shared-iterations', { vus: 5, iterations: 100, maxDurationMs: 600_000 }),
    raw: { vus: 5, iterations: 100 },
    plan: { maxVUs: 5, initialVUs: 5, plannedMs: 600_000, peakRate: 0, workerParts: 4, describe: '100 iterations shared among 5 VUs (maxDuration: 10m0s, gracefulStop: 30s)' },
  },
  'per-vu-iterations': {
    scenario: scenarioFixture('per-vu-iterations', { vus: 1, iterations: 1, maxDurationMs: 600_000 }),
    raw: {},
    plan: { maxVUs: 1, initialVUs: 1, plannedMs: 600_000, peakRate: 0, workerParts: 1, describe: '1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)' },
  },
  'constant-vus': {
    scenario: scenarioFixture('constant-vus', { vus: 10, durationMs: 30_000 }),
    raw: { vus: 10, duration: '30s' },
    plan: { maxVUs: 10, initialVUs: 10, plannedMs: 30_000, peakRate: 0, workerParts: 4, describe: '10 looping VUs for 30s (gracefulStop: 30s)' },
  },
  'ramping-vus': {
    scenario: scenarioFixture('ramping-vus', { startVUs: 0, stages: [{ durationMs: 30_000, target: 10 }, { durationMs: 30_000, target: 0 }], durationMs: 60_000, gracefulRampDownMs: 30_000 }),
    raw: { startVUs: 0, stages: [{ duration: '30s', target: 10 }, { duration: '30s', target: 0 }] },
    plan: { maxVUs: 10, initialVUs: 10, plannedMs: 60_000, peakRate: 0, workerParts: 4, describe: 'Up to 10 looping VUs for 1m0s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)' },
  },
  'constant-arrival-rate': {
    scenario: scenarioFixture('constant-arrival-rate', { rate: 30, timeUnitMs: 1000, durationMs: 60_000, preAllocatedVUs: 5, maxVUs: 10 }),
    raw: { rate: 30, duration: '1m', preAllocatedVUs: 5, maxVUs: 10 },
    plan: { maxVUs: 10, initialVUs: 5, plannedMs: 60_000, peakRate: 30, workerParts: 4, describe: '30.00 iterations/s for 1m0s (maxVUs: 5-10, gracefulStop: 30s)' },
  },
  'ramping-arrival-rate': {
    scenario: scenarioFixture('ramping-arrival-rate', { startRate: 0, timeUnitMs: 60_000, stages: [{ durationMs: 60_000, target: 120 }], durationMs: 60_000, preAllocatedVUs: 2, maxVUs: 2 }),
    raw: { timeUnit: '1m', stages: [{ duration: '1m', target: 120 }], preAllocatedVUs: 2 },
    plan: { maxVUs: 2, initialVUs: 2, plannedMs: 60_000, peakRate: 2, workerParts: 2, describe: 'Up to 2.00 iterations/s for 1m0s over 1 stages (maxVUs: 2, gracefulStop: 30s)' },
  },
  'externally-controlled': {
    scenario: scenarioFixture('externally-controlled', { vus: 2, maxVUs: 10, durationMs: 0, gracefulStopMs: 0 }),
    raw: { vus: 2, maxVUs: 10, duration: '0s' },
    plan: { maxVUs: 10, initialVUs: 10, plannedMs: Infinity, peakRate: 0, workerParts: 4, describe: 'Externally controlled execution with 2 VUs, 10 max VUs, infinite duration' },
  },
};

test('the registry: every executor in k6\'s order, each definition under its own name', () => {
  assert.deepEqual(EXECUTOR_NAMES, [
    'shared-iterations', 'per-vu-iterations', 'constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate', 'externally-controlled',
  ]);
  for (const name of EXECUTOR_NAMES) assert.equal(EXECUTOR_DEFINITIONS[name].name, name);
  assert.ok(isExecutorName('ramping-vus'));
  assert.ok(!isExecutorName('constant-vu'));
  assert.ok(!isExecutorName('toString'), 'not fooled by Object.prototype');
});

test('each definition\'s plan numbers and k6 description line', () => {
  for (const name of EXECUTOR_NAMES) {
    const s = CASES[name].scenario;
    const def = definitionOf(s);
    const expected = CASES[name].plan;
    assert.deepEqual({
      maxVUs: def.maxVUs(s), initialVUs: def.initialVUs(s), plannedMs: def.plannedMs(s), peakRate: def.peakRate(s),
      workerParts: def.workerParts(s, 4), describe: def.describe(s),
    }, expected, name);
  }
});

test('each definition parses its own options, and the config holds its own fields and the common ones only', () => {
  const common = ['name', 'executor', 'startTimeMs', 'gracefulStopMs', 'exec', 'env', 'tags'];
  for (const name of EXECUTOR_NAMES) {
    const check: ScenarioCheck = { problems: [], warnings: [], pathOf: (o) => `scenarios.s.${o}`, strictStages: true };
    const config = buildScenarioConfig('s', { executor: name, ...CASES[name].raw }, check);
    assert.deepEqual(check.problems, [], name);
    assert.deepEqual(config, CASES[name].scenario, name);
    assert.deepEqual(Object.keys(config!).sort(), [...common, ...Object.keys(CASES[name].scenario).filter((k) => !common.includes(k))].sort(), name);
  }
});

test('the options each executor takes, and which have a gracefulStop or can be scaled', () => {
  const table = EXECUTOR_NAMES.map((name) => {
    const def = executorDefinition(name);
    return [name, def.options.join(','), def.gracefulStop, def.scalable];
  });
  assert.deepEqual(table, [
    ['shared-iterations', 'vus,iterations,maxDuration', true, false],
    ['per-vu-iterations', 'vus,iterations,maxDuration', true, false],
    ['constant-vus', 'vus,duration', true, false],
    ['ramping-vus', 'startVUs,stages,gracefulRampDown', true, false],
    ['constant-arrival-rate', 'rate,timeUnit,duration,preAllocatedVUs,maxVUs', true, false],
    ['ramping-arrival-rate', 'startRate,timeUnit,stages,preAllocatedVUs,maxVUs', true, false],
    ['externally-controlled', 'vus,maxVUs,duration', false, true],
  ]);
});

test('description facts: exec, startTime and a zero gracefulStop', () => {
  const s = scenarioFixture('constant-vus', { vus: 10, durationMs: 30_000, exec: 'api', startTimeMs: 5000, gracefulStopMs: 0 });
  assert.equal(definitionOf(s).describe(s), '10 looping VUs for 30s (exec: api, startTime: 5s)');
  const ext = scenarioFixture('externally-controlled', { vus: 1, maxVUs: 3, durationMs: 90_000, gracefulStopMs: 0 });
  assert.equal(definitionOf(ext).describe(ext), 'Externally controlled execution with 1 VUs, 3 max VUs, 1m30s duration');
});

test('what the progress display shows of each executor', () => {
  const at = { elapsedMs: 2500, started: true };
  const shared = CASES['shared-iterations'].scenario;
  const perVu = scenarioFixture('per-vu-iterations', { vus: 3, iterations: 10 });
  const ramping = scenarioFixture('ramping-arrival-rate', { startRate: 0, timeUnitMs: 1000, stages: [{ durationMs: 10_000, target: 100 }] });
  assert.deepEqual(definitionOf(shared).progress.measure(shared, at), { iterationsTotal: 100 });
  assert.deepEqual(definitionOf(perVu).progress.measure(perVu, at), { iterationsTotal: 30, perVu: 10 });
  assert.deepEqual(definitionOf(ramping).progress.measure(ramping, at), { ratePerSecond: 25 });
  assert.deepEqual(definitionOf(ramping).progress.measure(ramping, { elapsedMs: 0, started: false }), { ratePerSecond: 0 });
  const constant = CASES['constant-arrival-rate'].scenario;
  assert.deepEqual(definitionOf(constant).progress.measure(constant, at), { ratePerSecond: 30 });
  assert.equal(definitionOf(shared).progress.text?.({ iterations: 20, iterationsTotal: 100 }), '20/100 shared iters');
  assert.equal(definitionOf(perVu).progress.text?.({ iterations: 7, iterationsTotal: 30, perVu: 10 }), '7/30 iters, 10 per VU');
  assert.deepEqual(EXECUTOR_NAMES.filter((n) => executorDefinition(n).progress.fixedVUs), ['shared-iterations', 'per-vu-iterations', 'constant-vus']);
});

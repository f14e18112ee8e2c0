import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioFixture as scenario } from './testing/scenario-fixtures.ts';
import type { StageMs } from './executors/index.ts';
import type { ScenarioConfig } from './options.ts';
import { describeScenario, initialVUsOf, maxVUsOf, peakArrivalRate, rampingRateAt, rampingVUsAt, testMaxDurationMs, totalDurationMs } from './executor-plan.ts';

test('rampingVUsAt follows k6: a VU more (or less) each time the line crosses a whole number', () => {
  const up = [{ durationMs: 10_000, target: 10 }];
  const down = [{ durationMs: 10_000, target: 0 }];
  const cases: [string, StageMs[], number, number, number][] = [
    ['before start', up, 0, -5, 0],
    ['ramp up, start', up, 0, 0, 0],
    ['ramp up, just before the 1st VU', up, 0, 999, 0],
    ['ramp up, 1st VU at 1s', up, 0, 1000, 1],
    ['ramp up, middle', up, 0, 5500, 5],
    ['ramp up, end', up, 0, 10_000, 10],
    ['after the last stage', up, 0, 60_000, 10],
    ['ramp down, start', down, 10, 0, 10],
    ['ramp down, just before 1s', down, 10, 999, 10],
    ['ramp down, 1st VU stops at 1s', down, 10, 1000, 9],
    ['ramp down, last VU until the end', down, 10, 9999, 1],
    ['ramp down, end', down, 10, 10_000, 0],
    ['thirds are exact', [{ durationMs: 1000, target: 3 }], 0, 1000 / 3, 1],
    ['from startVUs', [{ durationMs: 10_000, target: 20 }], 10, 5000, 15],
    ['flat stage', [{ durationMs: 10_000, target: 5 }], 5, 7000, 5],
    ['0-duration stage jumps', [{ durationMs: 1000, target: 2 }, { durationMs: 0, target: 8 }, { durationMs: 1000, target: 8 }], 0, 1000, 8],
    ['second stage', [{ durationMs: 1000, target: 10 }, { durationMs: 1000, target: 0 }], 0, 1500, 5],
    ['no stages', [], 3, 100, 3],
  ];
  for (const [name, stages, start, t, vus] of cases) assert.equal(rampingVUsAt(stages, start, t), vus, name);
});

test('rampingRateAt interpolates linearly without rounding', () => {
  const stages = [{ durationMs: 10_000, target: 100 }, { durationMs: 10_000, target: 100 }, { durationMs: 0, target: 10 }];
  assert.equal(rampingRateAt(stages, 0, 2500), 25);
  assert.equal(rampingRateAt(stages, 50, 5000), 75);
  assert.equal(rampingRateAt(stages, 0, 15_000), 100);
  assert.equal(rampingRateAt(stages, 0, 20_000), 10);
});

test('maxVUsOf, initialVUsOf and totalDurationMs per executor', () => {
  const cases: [ScenarioConfig, number, number, number][] = [
    [scenario('shared-iterations', { vus: 5, maxDurationMs: 600_000 }), 5, 5, 630_000],
    [scenario('per-vu-iterations', { vus: 2, maxDurationMs: 60_000, gracefulStopMs: 0 }), 2, 2, 60_000],
    [scenario('constant-vus', { vus: 10, durationMs: 30_000 }), 10, 10, 60_000],
    [scenario('ramping-vus', { startVUs: 3, stages: [{ durationMs: 10_000, target: 20 }, { durationMs: 5000, target: 0 }], durationMs: 15_000 }), 20, 20, 45_000],
    [scenario('constant-arrival-rate', { preAllocatedVUs: 5, maxVUs: 50, durationMs: 60_000 }), 50, 5, 90_000],
    [scenario('ramping-arrival-rate', { preAllocatedVUs: 1, maxVUs: 1, durationMs: 10_000, gracefulStopMs: 1000 }), 1, 1, 11_000],
    [scenario('externally-controlled', { vus: 1, maxVUs: 8, durationMs: 60_000, gracefulStopMs: 0 }), 8, 8, 60_000],
    [scenario('externally-controlled', { vus: 1, maxVUs: 1, durationMs: 0, gracefulStopMs: 0 }), 1, 1, Infinity],
  ];
  for (const [s, max, initial, total] of cases) {
    assert.equal(maxVUsOf(s), max, `${s.executor} max`);
    assert.equal(initialVUsOf(s), initial, `${s.executor} initial`);
    assert.equal(totalDurationMs(s), total, `${s.executor} total`);
  }
});

test('testMaxDurationMs is the latest scenario end, startTime included', () => {
  assert.equal(testMaxDurationMs([]), 0);
  assert.equal(testMaxDurationMs([
    scenario('constant-vus', { vus: 1, durationMs: 60_000 }),
    scenario('constant-vus', { vus: 1, durationMs: 10_000, startTimeMs: 70_000, gracefulStopMs: 0 }),
  ]), 90_000);
});

test("describeScenario prints k6's lines", () => {
  const cases: [ScenarioConfig, string][] = [
    [scenario('per-vu-iterations', { vus: 1, iterations: 1, maxDurationMs: 600_000 }), '1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)'],
    [scenario('shared-iterations', { vus: 5, iterations: 100, maxDurationMs: 600_000 }), '100 iterations shared among 5 VUs (maxDuration: 10m0s, gracefulStop: 30s)'],
    [scenario('constant-vus', { vus: 10, durationMs: 30_000 }), '10 looping VUs for 30s (gracefulStop: 30s)'],
    [scenario('constant-vus', { vus: 10, durationMs: 30_000, exec: 'api', startTimeMs: 5000, gracefulStopMs: 0 }), '10 looping VUs for 30s (exec: api, startTime: 5s)'],
    [scenario('ramping-vus', { startVUs: 0, stages: [{ durationMs: 30_000, target: 10 }, { durationMs: 30_000, target: 0 }], durationMs: 60_000, gracefulRampDownMs: 30_000 }),
      'Up to 10 looping VUs for 1m0s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)'],
    [scenario('constant-arrival-rate', { rate: 30, timeUnitMs: 1000, durationMs: 60_000, preAllocatedVUs: 5, maxVUs: 10 }), '30.00 iterations/s for 1m0s (maxVUs: 5-10, gracefulStop: 30s)'],
    [scenario('ramping-arrival-rate', { startRate: 0, timeUnitMs: 60_000, stages: [{ durationMs: 60_000, target: 120 }], durationMs: 60_000, preAllocatedVUs: 2, maxVUs: 2 }),
      'Up to 2.00 iterations/s for 1m0s over 1 stages (maxVUs: 2, gracefulStop: 30s)'],
    [scenario('externally-controlled', { vus: 2, maxVUs: 10, durationMs: 0 }), 'Externally controlled execution with 2 VUs, 10 max VUs, infinite duration'],
  ];
  for (const [s, line] of cases) assert.equal(describeScenario(s), line);
});

test('peakArrivalRate is the highest rate per second, whatever the timeUnit; 0 for closed-model executors', () => {
  assert.equal(peakArrivalRate(scenario('constant-arrival-rate', { rate: 30, timeUnitMs: 1000 })), 30);
  assert.equal(peakArrivalRate(scenario('constant-arrival-rate', { rate: 300, timeUnitMs: 60_000 })), 5);
  assert.equal(peakArrivalRate(scenario('ramping-arrival-rate', { startRate: 50, timeUnitMs: 500, stages: [{ durationMs: 1000, target: 400 }, { durationMs: 1000, target: 10 }] })), 800);
  assert.equal(peakArrivalRate(scenario('ramping-arrival-rate', { startRate: 90, timeUnitMs: 1000, stages: [{ durationMs: 1000, target: 10 }] })), 90);
  assert.equal(peakArrivalRate(scenario('constant-vus', { vus: 500 })), 0);
});

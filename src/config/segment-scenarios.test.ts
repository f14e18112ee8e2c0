import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveOptions } from './validate.ts';
import { maxVUsOf } from './executor-plan.ts';
import type { ScenarioConfig } from './options.ts';

const SCENARIOS = {
  shared: { executor: 'shared-iterations', vus: 7, iterations: 100 },
  pervu: { executor: 'per-vu-iterations', vus: 5, iterations: 3 },
  constant: { executor: 'constant-vus', vus: 1, duration: '10s' },
  ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '10s', target: 10 }] },
  rate: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '10s', preAllocatedVUs: 5, maxVUs: 7 },
};

function instance(segment: string): Map<string, ScenarioConfig> {
  const r = resolveOptions({ scenarios: SCENARIOS, executionSegment: segment, executionSegmentSequence: '0,1/3,2/3,1' });
  return new Map(r.scenarioConfigs.map((c) => [c.name, c]));
}

test('each instance gets k6\'s share of every scenario, and no scenario it has no part in', () => {
  const parts = ['0:1/3', '1/3:2/3', '2/3:1'].map(instance);
  assert.deepEqual(parts.map((p) => p.get('shared')?.vus), [3, 2, 2]);
  assert.deepEqual(parts.map((p) => p.get('shared')?.iterations), [43, 29, 28]);
  assert.deepEqual(parts.map((p) => p.get('pervu')?.vus), [2, 2, 1]);
  assert.deepEqual(parts.map((p) => p.get('pervu')?.iterations), [3, 3, 3], 'per-VU iterations are not split');
  // one VU over thirds: the first instance runs it, the others skip the scenario
  assert.deepEqual(parts.map((p) => p.get('constant')?.vus), [1, undefined, undefined]);
  assert.deepEqual(parts.map((p) => maxVUsOf(p.get('ramp')!)), [4, 3, 3]);
  assert.deepEqual(parts.map((p) => p.get('rate')?.preAllocatedVUs), [2, 2, 1]);
  assert.deepEqual(parts.map((p) => p.get('rate')?.maxVUs), [3, 2, 2]);
  // the rate and duration stay the test's: each instance starts the iterations of the common schedule it owns
  assert.deepEqual(parts.map((p) => p.get('rate')?.rate), [10, 10, 10]);
  assert.deepEqual(parts.map((p) => p.get('rate')?.iterationStripe), [{ owned: [0, 3, 5], lcd: 7 }, { owned: [1, 4], lcd: 7 }, { owned: [2, 6], lcd: 7 }]);
});

test('without a segment, or with the whole test as one, the scenarios are as written', () => {
  const whole = resolveOptions({ scenarios: SCENARIOS });
  const one = resolveOptions({ scenarios: SCENARIOS, executionSegment: '0:1' });
  assert.deepEqual(one.scenarioConfigs, whole.scenarioConfigs);
  assert.equal(whole.scenarioConfigs.find((c) => c.name === 'shared')?.iterationStripe, undefined);
});

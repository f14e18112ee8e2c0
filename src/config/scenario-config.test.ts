import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScenarioConfig, type ScenarioCheck } from './scenario-config.ts';
import type { ScenarioConfig } from './options.ts';

function build(raw: Record<string, unknown>): { config: ScenarioConfig | undefined; problems: string[]; warnings: string[] } {
  const check: ScenarioCheck = { problems: [], warnings: [], pathOf: (o) => `scenarios.s.${o}`, strictStages: true };
  const config = buildScenarioConfig('s', raw, check);
  return { config, problems: check.problems, warnings: check.warnings };
}

test("each executor gets k6's defaults, durations in ms", () => {
  const cases: [Record<string, unknown>, Partial<ScenarioConfig>][] = [
    [{ executor: 'shared-iterations' }, { vus: 1, iterations: 1, maxDurationMs: 600_000, gracefulStopMs: 30_000 }],
    [{ executor: 'per-vu-iterations', vus: 3, iterations: 2, maxDuration: '1m' }, { vus: 3, iterations: 2, maxDurationMs: 60_000 }],
    [{ executor: 'constant-vus', duration: '1m' }, { vus: 1, durationMs: 60_000 }],
    [{ executor: 'ramping-vus', stages: [{ duration: '30s', target: 10 }, { duration: '1m', target: 0 }] },
      { startVUs: 1, gracefulRampDownMs: 30_000, durationMs: 90_000, stages: [{ durationMs: 30_000, target: 10 }, { durationMs: 60_000, target: 0 }] }],
    [{ executor: 'constant-arrival-rate', rate: 30, duration: '1m', preAllocatedVUs: 5 }, { rate: 30, timeUnitMs: 1000, durationMs: 60_000, preAllocatedVUs: 5, maxVUs: 5 }],
    [{ executor: 'constant-arrival-rate', rate: 1, timeUnit: '1m', duration: '2m', preAllocatedVUs: 1, maxVUs: 4 }, { timeUnitMs: 60_000, maxVUs: 4 }],
    [{ executor: 'ramping-arrival-rate', stages: [{ duration: '10s', target: 100 }], preAllocatedVUs: 10, maxVUs: 50 },
      { startRate: 0, timeUnitMs: 1000, durationMs: 10_000, preAllocatedVUs: 10, maxVUs: 50 }],
    [{ executor: 'externally-controlled', duration: '0s', vus: 2 }, { vus: 2, maxVUs: 2, durationMs: 0, gracefulStopMs: 0 }],
  ];
  for (const [raw, expected] of cases) {
    const { config, problems } = build(raw);
    assert.deepEqual(problems, [], JSON.stringify(raw));
    assert.ok(config);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(config[key as keyof ScenarioConfig], value, `${raw.executor}.${key}`);
    assert.equal(config.executor, raw.executor);
    assert.equal(config.startTimeMs, 0);
    assert.equal(config.exec, 'default');
  }
});

test('common options are read', () => {
  const { config, problems } = build({
    executor: 'constant-vus', duration: '10s', startTime: '1m', gracefulStop: '5s', exec: 'browse',
    env: { HOST: 'x' }, tags: { kind: 'web' }, options: { browser: { type: 'chromium' } },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(
    [config?.startTimeMs, config?.gracefulStopMs, config?.exec, config?.env, config?.tags, config?.options],
    [60_000, 5000, 'browse', { HOST: 'x' }, { kind: 'web' }, { browser: { type: 'chromium' } }],
  );
});

test('per-executor problems, with k6 semantics and option paths', () => {
  const cases: [Record<string, unknown>, string[]][] = [
    [{}, ['scenarios.s.executor: required; use one of shared-iterations, per-vu-iterations, constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate, externally-controlled']],
    [{ executor: 'shared-iterations', vus: 0 }, ['scenarios.s.vus: must be > 0, got 0']],
    [{ executor: 'shared-iterations', vus: 10, iterations: 5 }, ['scenarios.s.iterations: must be >= vus (10), got 5']],
    [{ executor: 'shared-iterations', maxDuration: '500ms' }, ['scenarios.s.maxDuration: must be at least 1s, got 500ms']],
    [{ executor: 'per-vu-iterations', iterations: 0 }, ['scenarios.s.iterations: must be > 0, got 0']],
    [{ executor: 'constant-vus' }, ['scenarios.s.duration: required for the constant-vus executor']],
    [{ executor: 'constant-vus', duration: '1m', vus: 2.5 }, ['scenarios.s.vus: must be a non-negative integer, got 2.5']],
    [{ executor: 'ramping-vus' }, ['scenarios.s.stages: required for the ramping-vus executor']],
    [{ executor: 'ramping-vus', stages: [] }, ['scenarios.s.stages: at least one stage is required']],
    [{ executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 0 }] }, ['scenarios.s.stages: either startVUs or one of the stage targets must be > 0']],
    [{ executor: 'ramping-vus', stages: [{ duration: '-1s', target: 1 }, { target: 'x' }, 7, { duration: '1s', target: 1, targte: 2 }] }, [
      'scenarios.s.stages[0].duration: must be >= 0, got -1s',
      'scenarios.s.stages[1].duration: required',
      'scenarios.s.stages[1].target: must be a non-negative integer, got "x"',
      "scenarios.s.stages[2]: must be an object like { duration: '30s', target: 10 }, got 7",
      'scenarios.s.stages[3].targte: unknown option; a stage takes duration and target; did you mean "target"?',
    ]],
    [{ executor: 'ramping-vus', duration: '1m', stages: [{ duration: '1s', target: 1 }] }, [
      'scenarios.s.duration: not an option of the ramping-vus executor; ramping-vus takes startVUs, stages, gracefulRampDown (and startTime, gracefulStop, exec, env, tags, options)',
    ]],
    [{ executor: 'constant-arrival-rate' }, [
      'scenarios.s.rate: required for the constant-arrival-rate executor',
      'scenarios.s.duration: required for the constant-arrival-rate executor',
      'scenarios.s.preAllocatedVUs: required for the constant-arrival-rate executor',
    ]],
    [{ executor: 'constant-arrival-rate', rat: 10, rate: 0, timeUnit: '0s', duration: '1m', preAllocatedVUs: 5, maxVUs: 2 }, [
      'scenarios.s.rat: unknown option; did you mean "rate"?',
      'scenarios.s.rate: must be > 0, got 0',
      'scenarios.s.timeUnit: must be > 0',
      'scenarios.s.maxVUs: must be >= preAllocatedVUs (5), got 2',
    ]],
    [{ executor: 'ramping-arrival-rate', stages: [{ duration: '1s', target: 1 }] }, ['scenarios.s.preAllocatedVUs: required for the ramping-arrival-rate executor']],
    [{ executor: 'externally-controlled', vus: 5, maxVUs: 2, gracefulStop: '1s' }, [
      'scenarios.s.maxVUs: must be >= vus (5), got 2',
      'scenarios.s.duration: required for the externally-controlled executor',
      'scenarios.s.gracefulStop: not supported by the externally-controlled executor',
    ]],
    [{ executor: 'constant-vus', duration: '1m', exec: '', env: { A: 1 }, startTime: '-5s', options: 'x' }, [
      'scenarios.s.startTime: must be >= 0, got -5s',
      'scenarios.s.exec: must not be empty; name an exported function',
      'scenarios.s.env.A: must be a string, got 1',
      'scenarios.s.options: must be an object, got "x"',
    ]],
  ];
  for (const [raw, expected] of cases) assert.deepEqual(build(raw).problems, expected, JSON.stringify(raw));
});

test('unknown stage keys are only warnings when the caller reads stages loosely', () => {
  const check: ScenarioCheck = { problems: [], warnings: [], pathOf: (o) => o, strictStages: false };
  buildScenarioConfig('default', { executor: 'ramping-vus', stages: [{ duration: '1s', target: 1, name: 'up' }] }, check);
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.warnings, ['stages[0].name: unknown option; a stage takes duration and target']);
});

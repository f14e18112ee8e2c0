import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeOptions, optionsFromEnv, parseStages, resolveOptions, type Options } from './index.ts';

/** The whole path a run takes: script options, env, CLI flags → resolved scenarios. */
function resolveLayers(script: Options, env: Record<string, string>, cli: Options) {
  const fromEnv = optionsFromEnv(env);
  return resolveOptions(mergeOptions(script, fromEnv.options, cli), fromEnv.problems);
}

test('CLI --vus/--iterations replace the script scenarios, as in k6', () => {
  const r = resolveLayers({ scenarios: { a: { executor: 'constant-vus', duration: '1m' } } }, {}, { vus: 10, iterations: 100 });
  assert.deepEqual(r.scenarioConfigs.map((s) => [s.name, s.executor, s.vus, s.iterations]), [['default', 'shared-iterations', 10, 100]]);
});

test('K6_DURATION with the script vus gives constant-vus with those VUs', () => {
  const r = resolveLayers({ vus: 7, iterations: 3 }, { K6_DURATION: '20s' }, {});
  assert.deepEqual(r.scenarioConfigs.map((s) => [s.executor, s.vus, s.durationMs]), [['constant-vus', 7, 20_000]]);
});

test('CLI stages beat env duration; env beats script for plain options', () => {
  const { stages } = parseStages('10s:5,10s:0', '--stage');
  const r = resolveLayers({ userAgent: 'script', duration: '1m' }, { K6_USER_AGENT: 'env', K6_DURATION: '2m' }, { stages });
  assert.equal(r.userAgent, 'env');
  assert.deepEqual(r.scenarioConfigs.map((s) => [s.executor, s.durationMs, s.startVUs]), [['ramping-vus', 20_000, 1]]);
});

test('env problems and option problems come back in one error', () => {
  assert.throws(() => resolveLayers({ duration: 'forever' }, { K6_VUS: 'x' }, {}), {
    name: 'ConfigError',
    message: '2 problems in options:\n  K6_VUS: must be a non-negative integer, got "x"\n  duration: invalid duration "forever"; use e.g. 30s, 1m30s, 500ms',
  });
});

/**
 * For tests: a scenario config of one executor without going through the
 * user's options — k6's common defaults, every own field 0 (or empty), then
 * `fields`. Typed over every executor name, so a new executor needs a line here.
 */
import type { ExecutorName, ScenarioConfigOf, ScenarioConfigs } from '../options.ts';
import type { OwnFields } from '../executors/definition.ts';
import { SCENARIO_DEFAULTS } from '../executors/common.ts';

const BLANK: { readonly [E in ExecutorName]: OwnFields<ScenarioConfigs[E]> } = {
  'shared-iterations': { vus: 0, iterations: 0, maxDurationMs: 0 },
  'per-vu-iterations': { vus: 0, iterations: 0, maxDurationMs: 0 },
  'constant-vus': { vus: 0, durationMs: 0 },
  'ramping-vus': { startVUs: 0, stages: [], durationMs: 0, gracefulRampDownMs: 0 },
  'constant-arrival-rate': { rate: 0, timeUnitMs: 0, durationMs: 0, preAllocatedVUs: 0, maxVUs: 0 },
  'ramping-arrival-rate': { startRate: 0, timeUnitMs: 0, stages: [], durationMs: 0, preAllocatedVUs: 0, maxVUs: 0 },
  'externally-controlled': { vus: 0, maxVUs: 0, durationMs: 0 },
};

export function scenarioFixture<E extends ExecutorName>(executor: E, fields: Partial<ScenarioConfigs[E]> = {}): ScenarioConfigOf<E> {
  return {
    name: 's', executor,
    startTimeMs: SCENARIO_DEFAULTS.startTimeMs, gracefulStopMs: SCENARIO_DEFAULTS.gracefulStopMs,
    exec: SCENARIO_DEFAULTS.exec, env: {}, tags: {},
    ...structuredClone(BLANK[executor]),
    ...fields,
  } as unknown as ScenarioConfigOf<E>;
}

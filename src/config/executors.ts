/** The executors k6 knows, the options each takes, and k6's defaults for them. */
import type { ScenarioConfig } from './options.ts';

/** An executor name, e.g. `ramping-vus`. */
export type ExecutorName = ScenarioConfig['executor'];

/** Every executor, in k6's documentation order. */
export const EXECUTOR_NAMES: readonly ExecutorName[] = [
  'shared-iterations', 'per-vu-iterations', 'constant-vus', 'ramping-vus',
  'constant-arrival-rate', 'ramping-arrival-rate', 'externally-controlled',
];

/** Options every scenario accepts, whatever its executor. */
export const COMMON_SCENARIO_OPTIONS: readonly string[] = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options'];

/** The executor-specific options of each executor. */
export const EXECUTOR_OPTIONS: Readonly<Record<ExecutorName, readonly string[]>> = {
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['startVUs', 'stages', 'gracefulRampDown'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
  'externally-controlled': ['vus', 'maxVUs', 'duration'],
};

/** k6's defaults, in ms where they are durations. */
export const SCENARIO_DEFAULTS = {
  exec: 'default',
  startTimeMs: 0,
  gracefulStopMs: 30_000,
  /** shared-iterations and per-vu-iterations */
  maxDurationMs: 600_000,
  gracefulRampDownMs: 30_000,
  timeUnitMs: 1000,
  vus: 1,
  iterations: 1,
  startVUs: 1,
  startRate: 0,
} as const;

/** k6's shortest allowed duration / maxDuration for the executors that have one. */
export const MIN_SCENARIO_DURATION_MS = 1000;

/** The scenario name `vus`/`duration`/`iterations`/`stages` produce. */
export const DEFAULT_SCENARIO_NAME = 'default';

/** True for a known executor name. */
export function isExecutorName(name: unknown): name is ExecutorName {
  return typeof name === 'string' && (EXECUTOR_NAMES as readonly string[]).includes(name);
}

/** A ScenarioConfig with every field at its zero value, ready to be filled in. */
export function emptyScenarioConfig(name: string, executor: ExecutorName): ScenarioConfig {
  return {
    name, executor,
    startTimeMs: SCENARIO_DEFAULTS.startTimeMs, gracefulStopMs: SCENARIO_DEFAULTS.gracefulStopMs,
    exec: SCENARIO_DEFAULTS.exec, env: {}, tags: {},
    vus: 0, iterations: 0, maxDurationMs: 0, durationMs: 0, stages: [], startVUs: 0,
    gracefulRampDownMs: 0, rate: 0, startRate: 0, timeUnitMs: 0, preAllocatedVUs: 0, maxVUs: 0,
  };
}

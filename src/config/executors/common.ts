/** What every scenario shares whatever its executor: the common options, k6's defaults, the default scenario's name. */

/** Options every scenario accepts, whatever its executor. */
export const COMMON_SCENARIO_OPTIONS: readonly string[] = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags', 'options'];

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

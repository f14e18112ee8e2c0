/**
 * The executors k6 knows, one definition each (one file each here): what it
 * reads from the user's options, its plan numbers (VUs, planned and total
 * time, peak rate), its k6 description line, what the progress display
 * shows and how it splits across workers. Everything outside asks the
 * definition instead of comparing executor names.
 *
 * Why config and runner are two files per executor: the definition is pure
 * planning over options and lives in config/, which the worker side
 * (runtime/, through the options and ArrivalSchedule) may read; the runner
 * (execution/executors/<name>.ts) starts and stops VUs through the VU pool
 * on the main thread and may not be imported from config/ (DESIGN.md: the
 * process boundary is the folder boundary, and config/ imports nothing of
 * execution/). The runners' registry is typed over the same names, so an
 * executor without a definition or without a runner fails tsc.
 */
import type { ExecutorName, ScenarioConfig, ScenarioConfigs } from '../options.ts';
import type { ExecutorDefinition } from './definition.ts';
import { sharedIterations } from './shared-iterations.ts';
import { perVuIterations } from './per-vu-iterations.ts';
import { constantVus } from './constant-vus.ts';
import { rampingVus } from './ramping-vus.ts';
import { constantArrivalRate } from './constant-arrival-rate.ts';
import { rampingArrivalRate } from './ramping-arrival-rate.ts';
import { externallyControlled } from './externally-controlled.ts';

/** Executor name → definition, in k6's documentation order. */
export const EXECUTOR_DEFINITIONS: { readonly [E in ExecutorName]: ExecutorDefinition<ScenarioConfigs[E]> } = {
  'shared-iterations': sharedIterations,
  'per-vu-iterations': perVuIterations,
  'constant-vus': constantVus,
  'ramping-vus': rampingVus,
  'constant-arrival-rate': constantArrivalRate,
  'ramping-arrival-rate': rampingArrivalRate,
  'externally-controlled': externallyControlled,
};

/** Every executor, in k6's documentation order. */
export const EXECUTOR_NAMES: readonly ExecutorName[] = Object.keys(EXECUTOR_DEFINITIONS) as ExecutorName[];

/** True for a known executor name. */
export function isExecutorName(name: unknown): name is ExecutorName {
  return typeof name === 'string' && Object.hasOwn(EXECUTOR_DEFINITIONS, name);
}

/** The definition of the named executor. */
export function executorDefinition(name: ExecutorName): ExecutorDefinition<ScenarioConfig> {
  // each definition takes its own config; the union's member for `name` is that config
  return EXECUTOR_DEFINITIONS[name] as unknown as ExecutorDefinition<ScenarioConfig>;
}

/** The definition of the scenario's executor. */
export function definitionOf(s: ScenarioConfig): ExecutorDefinition<ScenarioConfig> {
  return executorDefinition(s.executor);
}

export type { ExecutorDefinition, ProgressMeasure } from './definition.ts';
export type { RateProfile } from './arrival.ts';
export { constantRateProfile } from './constant-arrival-rate.ts';
export { rampingRateProfile } from './ramping-arrival-rate.ts';
export { COMMON_SCENARIO_OPTIONS, SCENARIO_DEFAULTS, MIN_SCENARIO_DURATION_MS, DEFAULT_SCENARIO_NAME } from './common.ts';
export { ScenarioFields, readStages, type ScenarioCheck } from './fields.ts';
export { rampingVUsAt, rampingRateAt, peakOf, sumStages, type StageMs } from './stages.ts';
export { shareOf, partStart, arrivalParts } from './split.ts';
export type { SharedIterationsConfig } from './shared-iterations.ts';
export type { PerVuIterationsConfig } from './per-vu-iterations.ts';
export type { ConstantVusConfig } from './constant-vus.ts';
export type { RampingVusConfig } from './ramping-vus.ts';
export type { ConstantArrivalRateConfig } from './constant-arrival-rate.ts';
export type { RampingArrivalRateConfig } from './ramping-arrival-rate.ts';
export type { ExternallyControlledConfig } from './externally-controlled.ts';

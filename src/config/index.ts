/**
 * config/: k6's options as Stampede reads them — the option types,
 * durations and stage strings, K6_ and STAMPEDE_ environment variables,
 * layering (defaults < script < config file < env < CLI), validation with
 * every problem named by its option path, scenario derivation with k6's
 * defaults, one definition per executor (config/executors/), and pure
 * planning helpers over a parsed scenario. No I/O.
 */
export type {
  Duration, Stage, ThresholdLongForm, ThresholdSpec, ScenarioOptions, Options, ScenarioConfig, ResolvedOptions,
  ScenarioCommon, ScenarioConfigs, ScenarioConfigOf, ExecutorName,
} from './options.ts';
export { parseDuration, tryParseDuration, formatDuration } from './duration.ts';
export { parseStage, parseStages } from './stage.ts';
export { optionsFromEnv, ENV_PREFIXES } from './env.ts';
export { mergeOptions, EXECUTION_SHORTCUTS } from './merge.ts';
export { optionsFromConfigFile } from './config-file.ts';
export { resolveOptions } from './validate.ts';
export { ArrivalSchedule } from './arrival-schedule.ts';
export { DEFAULT_OPTIONS } from './known-options.ts';
export {
  EXECUTOR_NAMES, EXECUTOR_DEFINITIONS, DEFAULT_SCENARIO_NAME, executorDefinition, definitionOf, constantRateProfile, rampingRateProfile,
  shareOf, partStart, arrivalParts,
  type ExecutorDefinition, type ProgressMeasure, type RateProfile,
} from './executors/index.ts';
export {
  maxVUsOf, initialVUsOf, plannedDurationMs, totalDurationMs, testMaxDurationMs, rampingVUsAt, rampingRateAt, describeScenario, peakArrivalRate, isScalable,
} from './executor-plan.ts';
export { parseSecretSource, secretsFromFile, combineSecretSources, type SecretSourceSpec, type SecretSources } from './secret-sources.ts';
export { ExecutionTuple, stripedIndex, stripedShare, stripeOf, WHOLE_STRIPE, type Stripe } from './execution-segment.ts';
export { browserSettings, parseBrowserArgs, findChromium, noBrowserMessage, browserAvailable, browserScenarios, NO_BROWSER_HINT, type BrowserSettings } from './browser-settings.ts';

/**
 * One scenario as the user wrote it → a ScenarioConfig with k6's defaults
 * applied and every duration in ms, collecting every problem on the way.
 */
import type { ScenarioConfig } from './options.ts';
import {
  COMMON_SCENARIO_OPTIONS, EXECUTOR_NAMES, EXECUTOR_OPTIONS, MIN_SCENARIO_DURATION_MS, SCENARIO_DEFAULTS,
  emptyScenarioConfig, isExecutorName, type ExecutorName,
} from './executors.ts';
import { formatDuration, tryParseDuration } from './duration.ts';
import { didYouMean } from '../lib/index.ts';
import { isPlainObject, isSet, readCount, readString, readStringMap, show } from './values.ts';

/** Where problems go and how a field of this scenario is named in them. */
export interface ScenarioCheck {
  problems: string[];
  warnings: string[];
  /** the option path of one of this scenario's options, e.g. `scenarios.spike.stages` */
  pathOf: (option: string) => string;
  /** unknown keys in stage objects: problems (scenarios) or warnings (top-level `stages`, which k6 reads loosely) */
  strictStages: boolean;
}

type ParsedStage = ScenarioConfig['stages'][number];

/** Typed access to the raw scenario's options; every read reports its own problems. */
class Fields {
  readonly raw: Record<string, unknown>;
  readonly check: ScenarioCheck;
  readonly executor: ExecutorName;
  constructor(raw: Record<string, unknown>, check: ScenarioCheck, executor: ExecutorName) {
    this.raw = raw;
    this.check = check;
    this.executor = executor;
  }

  has(key: string): boolean { return isSet(this.raw[key]); }
  problem(key: string, message: string): void { this.check.problems.push(`${this.check.pathOf(key)}: ${message}`); }

  /** Marks a required option; true when it is there. */
  required(key: string): boolean {
    if (this.has(key)) return true;
    this.problem(key, `required for the ${this.executor} executor`);
    return false;
  }

  /** A non-negative integer, `fallback` when unset, undefined when malformed. */
  count(key: string, fallback?: number): number | undefined {
    return this.has(key) ? readCount(this.raw[key], this.check.pathOf(key), this.check.problems) : fallback;
  }

  /** A duration >= 0 in ms, `fallback` when unset, undefined when malformed or negative. */
  duration(key: string, fallback?: number): number | undefined {
    if (!this.has(key)) return fallback;
    const ms = tryParseDuration(this.raw[key], this.check.pathOf(key), this.check.problems);
    if (ms !== undefined && ms < 0) { this.problem(key, `must be >= 0, got ${formatDuration(ms)}`); return undefined; }
    return ms;
  }

  /** k6's floor for `duration` and `maxDuration`. */
  atLeastMinimum(key: string, ms: number | undefined): void {
    if (ms !== undefined && ms < MIN_SCENARIO_DURATION_MS) this.problem(key, `must be at least ${formatDuration(MIN_SCENARIO_DURATION_MS)}, got ${formatDuration(ms)}`);
  }

  /** A non-empty list of `{ duration, target }`. */
  stages(key: string): ParsedStage[] | undefined {
    return this.required(key) ? readStages(this.raw[key], this.check.pathOf(key), this.check) : undefined;
  }
}

function readStage(stage: unknown, path: string, check: ScenarioCheck): ParsedStage | undefined {
  if (!isPlainObject(stage)) {
    check.problems.push(`${path}: must be an object like { duration: '30s', target: 10 }, got ${show(stage)}`);
    return undefined;
  }
  for (const key of Object.keys(stage)) {
    if (key === 'duration' || key === 'target') continue;
    const message = `${path}.${key}: unknown option; a stage takes duration and target${didYouMean(key, ['duration', 'target'])}`;
    (check.strictStages ? check.problems : check.warnings).push(message);
  }
  let durationMs: number | undefined;
  if (!isSet(stage.duration)) check.problems.push(`${path}.duration: required`);
  else {
    durationMs = tryParseDuration(stage.duration, `${path}.duration`, check.problems);
    if (durationMs !== undefined && durationMs < 0) { check.problems.push(`${path}.duration: must be >= 0, got ${formatDuration(durationMs)}`); durationMs = undefined; }
  }
  let target: number | undefined;
  if (!isSet(stage.target)) check.problems.push(`${path}.target: required`);
  else target = readCount(stage.target, `${path}.target`, check.problems);
  return durationMs === undefined || target === undefined ? undefined : { durationMs, target };
}

/** Reads a stage list; undefined (with problems) when any stage is wrong. */
export function readStages(value: unknown, path: string, check: ScenarioCheck): ParsedStage[] | undefined {
  if (!Array.isArray(value)) {
    check.problems.push(`${path}: must be a list of stages like [{ duration: '30s', target: 10 }], got ${show(value)}`);
    return undefined;
  }
  if (value.length === 0) { check.problems.push(`${path}: at least one stage is required`); return undefined; }
  const stages = value.map((stage, i) => readStage(stage, `${path}[${i}]`, check));
  return stages.every((s) => s !== undefined) ? (stages as ParsedStage[]) : undefined;
}

function sumStages(stages: readonly ParsedStage[]): number {
  let total = 0;
  for (const s of stages) total += s.durationMs;
  return total;
}

/** preAllocatedVUs (required) and maxVUs (defaults to it, may not be below it). */
function arrivalVUs(f: Fields, c: ScenarioConfig): void {
  const preAllocated = f.required('preAllocatedVUs') ? f.count('preAllocatedVUs') : undefined;
  const max = f.count('maxVUs', preAllocated);
  if (f.has('maxVUs') && max !== undefined && preAllocated !== undefined && max < preAllocated) {
    f.problem('maxVUs', `must be >= preAllocatedVUs (${preAllocated}), got ${max}`);
  }
  c.preAllocatedVUs = preAllocated ?? 0;
  c.maxVUs = max ?? 0;
}

function timeUnit(f: Fields, c: ScenarioConfig): void {
  const ms = f.duration('timeUnit', SCENARIO_DEFAULTS.timeUnitMs);
  if (ms === 0) f.problem('timeUnit', 'must be > 0');
  c.timeUnitMs = ms ?? SCENARIO_DEFAULTS.timeUnitMs;
}

function iterationRules(perVU: boolean) {
  return (f: Fields, c: ScenarioConfig): void => {
    const vus = f.count('vus', SCENARIO_DEFAULTS.vus);
    const iterations = f.count('iterations', SCENARIO_DEFAULTS.iterations);
    const maxDuration = f.duration('maxDuration', SCENARIO_DEFAULTS.maxDurationMs);
    if (vus === 0) f.problem('vus', 'must be > 0, got 0');
    if (perVU && iterations === 0) f.problem('iterations', 'must be > 0, got 0');
    if (!perVU && vus && iterations !== undefined && iterations < vus) f.problem('iterations', `must be >= vus (${vus}), got ${iterations}`);
    f.atLeastMinimum('maxDuration', maxDuration);
    Object.assign(c, { vus: vus ?? 0, iterations: iterations ?? 0, maxDurationMs: maxDuration ?? 0 });
  };
}

const RULES: Record<ExecutorName, (f: Fields, c: ScenarioConfig) => void> = {
  'shared-iterations': iterationRules(false),
  'per-vu-iterations': iterationRules(true),
  'constant-vus': (f, c) => {
    const vus = f.count('vus', SCENARIO_DEFAULTS.vus);
    if (vus === 0) f.problem('vus', 'must be > 0, got 0');
    const duration = f.required('duration') ? f.duration('duration') : undefined;
    f.atLeastMinimum('duration', duration);
    Object.assign(c, { vus: vus ?? 0, durationMs: duration ?? 0 });
  },
  'ramping-vus': (f, c) => {
    const startVUs = f.count('startVUs', SCENARIO_DEFAULTS.startVUs);
    const stages = f.stages('stages');
    const rampDown = f.duration('gracefulRampDown', SCENARIO_DEFAULTS.gracefulRampDownMs);
    if (startVUs === 0 && stages && stages.every((s) => s.target === 0)) f.problem('stages', 'either startVUs or one of the stage targets must be > 0');
    Object.assign(c, { startVUs: startVUs ?? 0, stages: stages ?? [], durationMs: sumStages(stages ?? []), gracefulRampDownMs: rampDown ?? 0 });
  },
  'constant-arrival-rate': (f, c) => {
    const rate = f.required('rate') ? f.count('rate') : undefined;
    if (rate === 0) f.problem('rate', 'must be > 0, got 0');
    timeUnit(f, c);
    const duration = f.required('duration') ? f.duration('duration') : undefined;
    f.atLeastMinimum('duration', duration);
    arrivalVUs(f, c);
    Object.assign(c, { rate: rate ?? 0, durationMs: duration ?? 0 });
  },
  'ramping-arrival-rate': (f, c) => {
    const startRate = f.count('startRate', SCENARIO_DEFAULTS.startRate);
    timeUnit(f, c);
    const stages = f.stages('stages');
    arrivalVUs(f, c);
    Object.assign(c, { startRate: startRate ?? 0, stages: stages ?? [], durationMs: sumStages(stages ?? []) });
  },
  'externally-controlled': (f, c) => {
    const vus = f.count('vus', 0);
    const maxVUs = f.count('maxVUs', vus);
    if (f.has('maxVUs') && vus !== undefined && maxVUs !== undefined && maxVUs < vus) f.problem('maxVUs', `must be >= vus (${vus}), got ${maxVUs}`);
    const duration = f.required('duration') ? f.duration('duration') : undefined;
    if (f.has('gracefulStop')) f.problem('gracefulStop', 'not supported by the externally-controlled executor');
    Object.assign(c, { vus: vus ?? 0, maxVUs: maxVUs ?? 0, durationMs: duration ?? 0, gracefulStopMs: 0 });
  },
};

function checkOptionNames(raw: Record<string, unknown>, executor: ExecutorName, check: ScenarioCheck): void {
  const own = EXECUTOR_OPTIONS[executor];
  const allowed = [...COMMON_SCENARIO_OPTIONS, ...own];
  for (const key of Object.keys(raw)) {
    if (allowed.includes(key)) continue;
    const hint = didYouMean(key, allowed);
    const elsewhere = EXECUTOR_NAMES.some((e) => EXECUTOR_OPTIONS[e].includes(key));
    const message = hint ? `unknown option${hint}`
      : `${elsewhere ? `not an option of the ${executor} executor` : 'unknown option'}; ${executor} takes ${own.join(', ')} (and ${COMMON_SCENARIO_OPTIONS.slice(1).join(', ')})`;
    check.problems.push(`${check.pathOf(key)}: ${message}`);
  }
}

function readCommon(f: Fields, c: ScenarioConfig): void {
  c.startTimeMs = f.duration('startTime', SCENARIO_DEFAULTS.startTimeMs) ?? 0;
  if (f.executor !== 'externally-controlled') c.gracefulStopMs = f.duration('gracefulStop', SCENARIO_DEFAULTS.gracefulStopMs) ?? 0;
  const exec = readString(f.raw.exec, f.check.pathOf('exec'), f.check.problems);
  if (exec === '') f.problem('exec', 'must not be empty; name an exported function');
  c.exec = exec || SCENARIO_DEFAULTS.exec;
  c.env = readStringMap(f.raw.env, f.check.pathOf('env'), f.check.problems) ?? {};
  c.tags = readStringMap(f.raw.tags, f.check.pathOf('tags'), f.check.problems) ?? {};
  if (f.has('options')) {
    if (isPlainObject(f.raw.options)) c.options = f.raw.options;
    else f.problem('options', `must be an object, got ${show(f.raw.options)}`);
  }
}

/**
 * Validates one scenario and applies k6's defaults. Every problem is pushed
 * to `check.problems` as `path: message`; the result is undefined only when
 * the executor is missing or unknown (nothing else can be checked then).
 */
export function buildScenarioConfig(name: string, raw: Record<string, unknown>, check: ScenarioCheck): ScenarioConfig | undefined {
  const executor = raw.executor;
  if (!isSet(executor)) {
    check.problems.push(`${check.pathOf('executor')}: required; use one of ${EXECUTOR_NAMES.join(', ')}`);
    return undefined;
  }
  if (!isExecutorName(executor)) {
    const hint = typeof executor === 'string' ? didYouMean(executor, EXECUTOR_NAMES) : '';
    check.problems.push(`${check.pathOf('executor')}: unknown executor ${show(executor)}${hint || `; use one of ${EXECUTOR_NAMES.join(', ')}`}`);
    return undefined;
  }
  checkOptionNames(raw, executor, check);
  const config = emptyScenarioConfig(name, executor);
  const fields = new Fields(raw, check, executor);
  readCommon(fields, config);
  RULES[executor](fields, config);
  return config;
}

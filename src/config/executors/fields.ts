/**
 * Typed reading of one scenario's options as the user wrote them: every
 * read applies k6's default when the option is unset and reports its own
 * problems (`path: message`). The executor definitions read their options
 * through it.
 */
import { formatDuration, tryParseDuration } from '../duration.ts';
import { didYouMean } from '../../lib/index.ts';
import { isPlainObject, isSet, readCount, show } from '../values.ts';
import { MIN_SCENARIO_DURATION_MS, SCENARIO_DEFAULTS } from './common.ts';
import type { StageMs } from './stages.ts';

/** Where problems go and how a field of this scenario is named in them. */
export interface ScenarioCheck {
  problems: string[];
  warnings: string[];
  /** the option path of one of this scenario's options, e.g. `scenarios.spike.stages` */
  pathOf: (option: string) => string;
  /** unknown keys in stage objects: problems (scenarios) or warnings (top-level `stages`, which k6 reads loosely) */
  strictStages: boolean;
}

/** Typed access to the raw scenario's options; every read reports its own problems. */
export class ScenarioFields {
  readonly raw: Record<string, unknown>;
  readonly check: ScenarioCheck;
  readonly executor: string;
  constructor(raw: Record<string, unknown>, check: ScenarioCheck, executor: string) {
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
  stages(key: string): StageMs[] | undefined {
    return this.required(key) ? readStages(this.raw[key], this.check.pathOf(key), this.check) : undefined;
  }

  /** The required `duration` of a duration-based executor, at least k6's minimum. */
  requiredDuration(): number | undefined {
    const duration = this.required('duration') ? this.duration('duration') : undefined;
    this.atLeastMinimum('duration', duration);
    return duration;
  }

  /** The arrival-rate executors' timeUnit: > 0, 1s by default. */
  timeUnit(): number {
    const ms = this.duration('timeUnit', SCENARIO_DEFAULTS.timeUnitMs);
    if (ms === 0) this.problem('timeUnit', 'must be > 0');
    return ms ?? SCENARIO_DEFAULTS.timeUnitMs;
  }

  /** The arrival-rate executors' preAllocatedVUs (required) and maxVUs (defaults to it, may not be below it). */
  arrivalVUs(): { preAllocatedVUs: number; maxVUs: number } {
    const preAllocated = this.required('preAllocatedVUs') ? this.count('preAllocatedVUs') : undefined;
    const max = this.count('maxVUs', preAllocated);
    if (this.has('maxVUs') && max !== undefined && preAllocated !== undefined && max < preAllocated) {
      this.problem('maxVUs', `must be >= preAllocatedVUs (${preAllocated}), got ${max}`);
    }
    return { preAllocatedVUs: preAllocated ?? 0, maxVUs: max ?? 0 };
  }
}

function readStage(stage: unknown, path: string, check: ScenarioCheck): StageMs | undefined {
  if (!isPlainObject(stage)) {
    check.problems.push(`${path}: must be an object like { duration: '30s', target: 10 }, got ${show(stage)}`);
    return undefined;
  }
  const fields = stage;
  for (const key of Object.keys(fields)) {
    if (key === 'duration' || key === 'target') continue;
    const message = `${path}.${key}: unknown option; a stage takes duration and target${didYouMean(key, ['duration', 'target'])}`;
    (check.strictStages ? check.problems : check.warnings).push(message);
  }
  let durationMs: number | undefined;
  if (!isSet(fields.duration)) check.problems.push(`${path}.duration: required`);
  else {
    durationMs = tryParseDuration(fields.duration, `${path}.duration`, check.problems);
    if (durationMs !== undefined && durationMs < 0) { check.problems.push(`${path}.duration: must be >= 0, got ${formatDuration(durationMs)}`); durationMs = undefined; }
  }
  let target: number | undefined;
  if (!isSet(fields.target)) check.problems.push(`${path}.target: required`);
  else target = readCount(fields.target, `${path}.target`, check.problems);
  return durationMs === undefined || target === undefined ? undefined : { durationMs, target };
}

/** Reads a stage list; undefined (with problems) when any stage is wrong. */
export function readStages(value: unknown, path: string, check: ScenarioCheck): StageMs[] | undefined {
  if (!Array.isArray(value)) {
    check.problems.push(`${path}: must be a list of stages like [{ duration: '30s', target: 10 }], got ${show(value)}`);
    return undefined;
  }
  if (value.length === 0) { check.problems.push(`${path}: at least one stage is required`); return undefined; }
  const stages = value.map((stage, i) => readStage(stage, `${path}[${i}]`, check));
  return stages.every((s) => s !== undefined) ? (stages as StageMs[]) : undefined;
}

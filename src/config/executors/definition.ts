/**
 * What one executor is, apart from running it: the shape every executor
 * definition (one file each in this folder) fills in. Everything outside
 * asks the definition instead of comparing executor names.
 */
import type { ScenarioCommon } from '../options.ts';
import type { ScenarioFields } from './fields.ts';
import { formatDuration } from '../duration.ts';

/** A scenario config of one executor: the common fields plus its own. */
export type ExecutorConfig = ScenarioCommon & { executor: string };

/** The executor's own fields of a scenario config: everything but the common ones. */
export type OwnFields<S extends ExecutorConfig> = Omit<S, keyof ScenarioCommon | 'executor'>;

/** What the progress display shows of a scenario besides its time and VUs. */
export interface ProgressMeasure {
  /** shared-iterations: iterations; per-vu-iterations: vus × iterations */
  iterationsTotal?: number;
  perVu?: number;
  /** arrival-rate executors: the rate now, per second */
  ratePerSecond?: number;
}

export interface ExecutorDefinition<S extends ExecutorConfig> {
  readonly name: S['executor'];
  /** the options it takes besides COMMON_SCENARIO_OPTIONS, k6's names, in k6's order */
  readonly options: readonly string[];
  /** false: the executor has no gracefulStop (setting one is a problem; gracefulStopMs is 0) */
  readonly gracefulStop: boolean;
  /** true: the REST API (`stampede scale`) changes its VUs and max VUs while it runs */
  readonly scalable: boolean;
  /** Reads its own options with k6's defaults; problems go through `f`. */
  parse(f: ScenarioFields): OwnFields<S>;
  /** the most VUs it can have at once, i.e. how many to reserve for it */
  maxVUs(s: S): number;
  /** VUs to have ready when it starts (arrival rate: pre-allocated; may grow to maxVUs) */
  initialVUs(s: S): number;
  /**
   * Its regular run time once started, gracefulStop not included: duration,
   * the sum of its stages, or maxDuration; Infinity when it runs until stopped.
   * The runner's deadline is startedAt + plannedMs.
   */
  plannedMs(s: S): number;
  /** its highest arrival rate in iterations per second; 0 for the closed-model executors */
  peakRate(s: S): number;
  /** k6's one-line description, printed before a run */
  describe(s: S): string;
  /** over how many of `workers` workers its VUs (and its rate) are split */
  workerParts(s: S, workers: number): number;
  readonly progress: {
    /** the VU count cannot move: `10 VUs` rather than `05/10 VUs` */
    readonly fixedVUs: boolean;
    /** its own numbers `elapsedMs` after it started (`started`: running or stopping) */
    measure(s: S, at: { elapsedMs: number; started: boolean }): ProgressMeasure;
    /** its own words after the time, e.g. `20/20 shared iters` */
    text?(p: { iterations: number } & ProgressMeasure): string;
  };
}

/** `exec`, `startTime` and `gracefulStop` when they are not the defaults, after the executor's own facts, in parentheses. */
export function withFacts(s: ScenarioCommon, facts: string[]): string {
  if (s.exec !== 'default') facts.push(`exec: ${s.exec}`);
  if (s.startTimeMs > 0) facts.push(`startTime: ${formatDuration(s.startTimeMs)}`);
  if (s.gracefulStopMs > 0) facts.push(`gracefulStop: ${formatDuration(s.gracefulStopMs)}`);
  return facts.length ? ` (${facts.join(', ')})` : '';
}

/** A rate per timeUnit as iterations per second with two decimals. */
export function perSecond(rate: number, timeUnitMs: number): string {
  return (timeUnitMs > 0 ? (rate * 1000) / timeUnitMs : 0).toFixed(2);
}

/** The workers a closed-model scenario's VUs land on: VU ids go round-robin, so one per VU at most. */
export function closedModelParts(vus: number, workers: number): number {
  return Math.max(1, Math.min(workers, vus));
}

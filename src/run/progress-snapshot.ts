/**
 * What the progress display shows about each scenario, computed once a
 * second from the scheduler, the VU pool and the metric store. Plain data;
 * cli/progress.ts turns it into k6-style bars.
 */
import { rampingRateAt, maxVUsOf, type ScenarioConfig } from '../config/index.ts';
import type { Scheduler, VuPool } from '../execution/index.ts';
import type { MetricStore } from '../metrics/index.ts';

export interface ScenarioProgress {
  name: string;
  executor: ScenarioConfig['executor'];
  /** stopping: past its planned time (or the test was stopped), VUs finishing their iterations within gracefulStop */
  state: 'waiting' | 'running' | 'stopping' | 'done';
  gracefulStopMs: number;
  /** since the scenario started (0 while waiting) */
  elapsedMs: number;
  /** its regular run time: duration, sum of stages, or maxDuration; Infinity when unbounded */
  plannedMs: number;
  /** ms until it starts, while waiting */
  startsInMs: number;
  vus: number;
  maxVUs: number;
  /** completed iterations of this scenario */
  iterations: number;
  /** shared-iterations: iterations; per-vu-iterations: vus × iterations */
  iterationsTotal?: number;
  perVu?: number;
  /** arrival-rate executors: the rate now, per second */
  ratePerSecond?: number;
}

export interface RunProgress {
  elapsedMs: number;
  vus: number;
  vusMax: number;
  iterations: number;
  scenarios: ScenarioProgress[];
  /** the last report: every scenario has ended */
  final: boolean;
}

function plannedMsOf(s: ScenarioConfig): number {
  if (s.executor === 'shared-iterations' || s.executor === 'per-vu-iterations') return s.maxDurationMs;
  if (s.executor === 'externally-controlled' && s.durationMs === 0) return Infinity;
  return s.durationMs;
}

export function scenarioProgress(s: ScenarioConfig, deps: { scheduler: Scheduler; pool: VuPool; store: MetricStore; testStart: number; now: number }): ScenarioProgress {
  const { startedAt, endedAt } = deps.scheduler.timesOf(s.name);
  const elapsedMs = startedAt === undefined ? 0 : (endedAt ?? deps.now) - startedAt;
  const plannedMs = plannedMsOf(s);
  const state = endedAt !== undefined ? 'done' : startedAt === undefined ? 'waiting'
    : deps.scheduler.stopped || elapsedMs >= plannedMs ? 'stopping' : 'running';
  const sink = deps.store.matching('iterations', { scenario: s.name });
  const external = s.executor === 'externally-controlled' ? deps.scheduler.external : undefined;
  const out: ScenarioProgress = {
    name: s.name,
    executor: s.executor,
    state,
    elapsedMs,
    plannedMs,
    gracefulStopMs: s.gracefulStopMs,
    startsInMs: Math.max(0, deps.testStart + s.startTimeMs - deps.now),
    vus: deps.pool.vusOf(s.name),
    maxVUs: external?.maxVUs ?? maxVUsOf(s),
    iterations: sink?.type === 'counter' ? sink.sum : 0,
  };
  if (s.executor === 'shared-iterations') out.iterationsTotal = s.iterations;
  if (s.executor === 'per-vu-iterations') { out.iterationsTotal = s.vus * s.iterations; out.perVu = s.iterations; }
  if (s.executor === 'constant-arrival-rate') out.ratePerSecond = (s.rate * 1000) / s.timeUnitMs;
  if (s.executor === 'ramping-arrival-rate') out.ratePerSecond = state === 'running' || state === 'stopping' ? (rampingRateAt(s.stages, s.startRate, elapsedMs) * 1000) / s.timeUnitMs : 0;
  return out;
}

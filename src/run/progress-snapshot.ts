/**
 * What the progress display shows about each scenario, computed once a
 * second from the scheduler, the VU pool and the metric store. Plain data;
 * cli/progress.ts turns it into k6-style bars.
 */
import { definitionOf, type ProgressMeasure, type ScenarioConfig } from '../config/index.ts';
import type { Scheduler, VuPool } from '../execution/index.ts';
import type { MetricStore } from '../metrics/index.ts';

export interface ScenarioProgress extends ProgressMeasure {
  name: string;
  executor: ScenarioConfig['executor'];
  /** stopping: past its planned time (or the test was stopped), VUs finishing their iterations within gracefulStop */
  state: 'waiting' | 'running' | 'stopping' | 'done';
  gracefulStopMs: number;
  /** since the scenario started (0 while waiting) */
  elapsedMs: number;
  /** its regular run time (its definition's plannedMs): duration, sum of stages, or maxDuration; Infinity when unbounded */
  plannedMs: number;
  /** ms until it starts, while waiting */
  startsInMs: number;
  vus: number;
  maxVUs: number;
  /** completed iterations of this scenario */
  iterations: number;
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

export function scenarioProgress(s: ScenarioConfig, deps: { scheduler: Scheduler; pool: VuPool; store: MetricStore; testStart: number; now: number }): ScenarioProgress {
  const { startedAt, endedAt } = deps.scheduler.timesOf(s.name);
  const elapsedMs = startedAt === undefined ? 0 : (endedAt ?? deps.now) - startedAt;
  const def = definitionOf(s);
  const plannedMs = def.plannedMs(s);
  const state = endedAt !== undefined ? 'done' : startedAt === undefined ? 'waiting'
    : deps.scheduler.stopped || elapsedMs >= plannedMs ? 'stopping' : 'running';
  const sink = deps.store.matching('iterations', { scenario: s.name });
  const external = def.scalable ? deps.scheduler.external : undefined;
  return {
    name: s.name,
    executor: s.executor,
    state,
    elapsedMs,
    plannedMs,
    gracefulStopMs: s.gracefulStopMs,
    startsInMs: Math.max(0, deps.testStart + s.startTimeMs - deps.now),
    vus: deps.pool.vusOf(s.name),
    maxVUs: external?.maxVUs ?? def.maxVUs(s),
    iterations: sink?.type === 'counter' ? sink.sum : 0,
    // the executor's own measure: iteration totals, the rate now
    ...def.progress.measure(s, { elapsedMs, started: state === 'running' || state === 'stopping' }),
  };
}

/** What the two arrival-rate executors share: their VU facts and their rate as a profile the worker schedules. */
import type { ScenarioCommon } from '../options.ts';
import { arrivalParts } from './split.ts';
import type { StageMs } from './stages.ts';

/** The fields both arrival-rate configs have. */
export interface ArrivalConfig extends ScenarioCommon {
  timeUnitMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
}

/**
 * An arrival rate over time: from `startRate` linearly through the stage
 * targets, in iterations per `timeUnitMs` (what ArrivalSchedule and the
 * worker's arrival driver take).
 */
export interface RateProfile {
  startRate: number;
  stages: StageMs[];
  timeUnitMs: number;
}

/** `maxVUs: 5-10` (pre-allocated – max), or `maxVUs: 5` when they are equal. */
export function arrivalVUsFact(s: ArrivalConfig): string {
  return `maxVUs: ${s.preAllocatedVUs}${s.maxVUs > s.preAllocatedVUs ? `-${s.maxVUs}` : ''}`;
}

/** Over how many workers an arrival-rate scenario is split (as VuPool.runArrival splits it). */
export function arrivalWorkerParts(s: ArrivalConfig, workers: number): number {
  return arrivalParts(workers, s.preAllocatedVUs, s.maxVUs);
}

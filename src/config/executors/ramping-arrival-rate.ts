/** ramping-arrival-rate: the iteration start rate follows `stages` (linear ramps from startRate). */
import { formatDuration } from '../duration.ts';
import { SCENARIO_DEFAULTS } from './common.ts';
import { withFacts, perSecond, type ExecutorDefinition } from './definition.ts';
import { arrivalVUsFact, arrivalWorkerParts, type ArrivalConfig, type RateProfile } from './arrival.ts';
import { peakOf, rampingRateAt, sumStages, type StageMs } from './stages.ts';

export interface RampingArrivalRateConfig extends ArrivalConfig {
  executor: 'ramping-arrival-rate';
  startRate: number;
  stages: StageMs[];
  /** the sum of the stages */
  durationMs: number;
}

export function rampingRateProfile(s: RampingArrivalRateConfig): RateProfile {
  return { startRate: s.startRate, stages: s.stages.map((st) => ({ durationMs: st.durationMs, target: st.target })), timeUnitMs: s.timeUnitMs };
}

export const rampingArrivalRate: ExecutorDefinition<RampingArrivalRateConfig> = {
  name: 'ramping-arrival-rate',
  options: ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
  gracefulStop: true,
  scalable: false,
  parse(f) {
    const startRate = f.count('startRate', SCENARIO_DEFAULTS.startRate);
    const timeUnitMs = f.timeUnit();
    const stages = f.stages('stages');
    const vus = f.arrivalVUs();
    return { startRate: startRate ?? 0, timeUnitMs, stages: stages ?? [], durationMs: sumStages(stages ?? []), ...vus };
  },
  maxVUs: (s) => s.maxVUs,
  initialVUs: (s) => s.preAllocatedVUs,
  plannedMs: (s) => s.durationMs,
  peakRate: (s) => (peakOf(s.startRate, s.stages) * 1000) / s.timeUnitMs,
  describe: (s) => `Up to ${perSecond(peakOf(s.startRate, s.stages), s.timeUnitMs)} iterations/s for ${formatDuration(s.durationMs)} over ${s.stages.length} stages${withFacts(s, [arrivalVUsFact(s)])}`,
  workerParts: arrivalWorkerParts,
  progress: {
    fixedVUs: false,
    measure: (s, at) => ({ ratePerSecond: at.started ? (rampingRateAt(s.stages, s.startRate, at.elapsedMs) * 1000) / s.timeUnitMs : 0 }),
  },
};

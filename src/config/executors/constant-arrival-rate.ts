/** constant-arrival-rate: `rate` iterations per timeUnit start for `duration`, whatever the response times. */
import { formatDuration } from '../duration.ts';
import { withFacts, perSecond, type ExecutorDefinition } from './definition.ts';
import { arrivalVUsFact, arrivalWorkerParts, type ArrivalConfig, type RateProfile } from './arrival.ts';

export interface ConstantArrivalRateConfig extends ArrivalConfig {
  executor: 'constant-arrival-rate';
  rate: number;
  durationMs: number;
}

/** One stage whose start and target are both `rate`. */
export function constantRateProfile(s: ConstantArrivalRateConfig): RateProfile {
  return { startRate: s.rate, stages: [{ durationMs: s.durationMs, target: s.rate }], timeUnitMs: s.timeUnitMs };
}

export const constantArrivalRate: ExecutorDefinition<ConstantArrivalRateConfig> = {
  name: 'constant-arrival-rate',
  options: ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  gracefulStop: true,
  scalable: false,
  parse(f) {
    const rate = f.required('rate') ? f.count('rate') : undefined;
    if (rate === 0) f.problem('rate', 'must be > 0, got 0');
    const timeUnitMs = f.timeUnit();
    const duration = f.requiredDuration();
    const vus = f.arrivalVUs();
    return { rate: rate ?? 0, timeUnitMs, durationMs: duration ?? 0, ...vus };
  },
  maxVUs: (s) => s.maxVUs,
  initialVUs: (s) => s.preAllocatedVUs,
  plannedMs: (s) => s.durationMs,
  peakRate: (s) => (s.rate * 1000) / s.timeUnitMs,
  describe: (s) => `${perSecond(s.rate, s.timeUnitMs)} iterations/s for ${formatDuration(s.durationMs)}${withFacts(s, [arrivalVUsFact(s)])}`,
  workerParts: arrivalWorkerParts,
  progress: { fixedVUs: false, measure: (s) => ({ ratePerSecond: (s.rate * 1000) / s.timeUnitMs }) },
};

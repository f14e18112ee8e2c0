/**
 * ramping-vus: the number of looping VUs follows `stages` (linear ramps
 * from startVUs); VUs ramped down get gracefulRampDown to finish.
 */
import type { ScenarioCommon } from '../options.ts';
import { formatDuration } from '../duration.ts';
import { SCENARIO_DEFAULTS } from './common.ts';
import { closedModelParts, withFacts, type ExecutorDefinition } from './definition.ts';
import { peakOf, sumStages, type StageMs } from './stages.ts';
import { stripedShare, type Stripe } from '../execution-segment.ts';

export interface RampingVusConfig extends ScenarioCommon {
  executor: 'ramping-vus';
  startVUs: number;
  stages: StageMs[];
  /** the sum of the stages */
  durationMs: number;
  gracefulRampDownMs: number;
  /** on an execution segment: turns the test's VU count at any moment into this instance's */
  vuStripe?: Stripe;
}

/** The most VUs this instance runs at once. */
function localPeak(s: RampingVusConfig): number {
  const peak = peakOf(s.startVUs, s.stages);
  return s.vuStripe ? stripedShare(s.vuStripe, peak) : peak;
}

export const rampingVus: ExecutorDefinition<RampingVusConfig> = {
  name: 'ramping-vus',
  options: ['startVUs', 'stages', 'gracefulRampDown'],
  gracefulStop: true,
  scalable: false,
  parse(f) {
    const startVUs = f.count('startVUs', SCENARIO_DEFAULTS.startVUs);
    const stages = f.stages('stages');
    const rampDown = f.duration('gracefulRampDown', SCENARIO_DEFAULTS.gracefulRampDownMs);
    if (startVUs === 0 && stages && stages.every((s) => s.target === 0)) f.problem('stages', 'either startVUs or one of the stage targets must be > 0');
    return { startVUs: startVUs ?? 0, stages: stages ?? [], durationMs: sumStages(stages ?? []), gracefulRampDownMs: rampDown ?? 0 };
  },
  maxVUs: localPeak,
  initialVUs: localPeak,
  plannedMs: (s) => s.durationMs,
  peakRate: () => 0,
  describe: (s) => `Up to ${localPeak(s)} looping VUs for ${formatDuration(s.durationMs)} over ${s.stages.length} stages${withFacts(s, [`gracefulRampDown: ${formatDuration(s.gracefulRampDownMs)}`])}`,
  workerParts: (s, workers) => closedModelParts(localPeak(s), workers),
  progress: { fixedVUs: false, measure: () => ({}) },
};

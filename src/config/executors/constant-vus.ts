/** constant-vus: `vus` VUs loop for `duration`. */
import type { ScenarioCommon } from '../options.ts';
import { formatDuration } from '../duration.ts';
import { SCENARIO_DEFAULTS } from './common.ts';
import { closedModelParts, withFacts, type ExecutorDefinition } from './definition.ts';

export interface ConstantVusConfig extends ScenarioCommon {
  executor: 'constant-vus';
  vus: number;
  durationMs: number;
}

export const constantVus: ExecutorDefinition<ConstantVusConfig> = {
  name: 'constant-vus',
  options: ['vus', 'duration'],
  gracefulStop: true,
  scalable: false,
  parse(f) {
    const vus = f.count('vus', SCENARIO_DEFAULTS.vus);
    if (vus === 0) f.problem('vus', 'must be > 0, got 0');
    const duration = f.requiredDuration();
    return { vus: vus ?? 0, durationMs: duration ?? 0 };
  },
  maxVUs: (s) => s.vus,
  initialVUs: (s) => s.vus,
  plannedMs: (s) => s.durationMs,
  peakRate: () => 0,
  describe: (s) => `${s.vus} looping VUs for ${formatDuration(s.durationMs)}${withFacts(s, [])}`,
  workerParts: (s, workers) => closedModelParts(s.vus, workers),
  progress: { fixedVUs: true, measure: () => ({}) },
};

/** shared-iterations: `vus` VUs share `iterations` iterations, within maxDuration. */
import type { ScenarioCommon } from '../options.ts';
import { formatDuration } from '../duration.ts';
import { SCENARIO_DEFAULTS } from './common.ts';
import { closedModelParts, withFacts, type ExecutorDefinition } from './definition.ts';

export interface SharedIterationsConfig extends ScenarioCommon {
  executor: 'shared-iterations';
  vus: number;
  /** in total, over every VU */
  iterations: number;
  maxDurationMs: number;
}

export const sharedIterations: ExecutorDefinition<SharedIterationsConfig> = {
  name: 'shared-iterations',
  options: ['vus', 'iterations', 'maxDuration'],
  gracefulStop: true,
  scalable: false,
  parse(f) {
    const vus = f.count('vus', SCENARIO_DEFAULTS.vus);
    const iterations = f.count('iterations', SCENARIO_DEFAULTS.iterations);
    const maxDuration = f.duration('maxDuration', SCENARIO_DEFAULTS.maxDurationMs);
    if (vus === 0) f.problem('vus', 'must be > 0, got 0');
    if (vus && iterations !== undefined && iterations < vus) f.problem('iterations', `must be >= vus (${vus}), got ${iterations}`);
    f.atLeastMinimum('maxDuration', maxDuration);
    return { vus: vus ?? 0, iterations: iterations ?? 0, maxDurationMs: maxDuration ?? 0 };
  },
  maxVUs: (s) => s.vus,
  initialVUs: (s) => s.vus,
  plannedMs: (s) => s.maxDurationMs,
  peakRate: () => 0,
  describe: (s) => `${s.iterations} iterations shared among ${s.vus} VUs${withFacts(s, [`maxDuration: ${formatDuration(s.maxDurationMs)}`])}`,
  workerParts: (s, workers) => closedModelParts(s.vus, workers),
  progress: {
    fixedVUs: true,
    measure: (s) => ({ iterationsTotal: s.iterations }),
    text: (p) => `${p.iterations}/${p.iterationsTotal} shared iters`,
  },
};

/** per-vu-iterations: each of `vus` VUs runs `iterations` iterations, within maxDuration. */
import type { ScenarioCommon } from '../options.ts';
import { formatDuration } from '../duration.ts';
import { SCENARIO_DEFAULTS } from './common.ts';
import { closedModelParts, withFacts, type ExecutorDefinition } from './definition.ts';

export interface PerVuIterationsConfig extends ScenarioCommon {
  executor: 'per-vu-iterations';
  vus: number;
  /** for each VU */
  iterations: number;
  maxDurationMs: number;
}

export const perVuIterations: ExecutorDefinition<PerVuIterationsConfig> = {
  name: 'per-vu-iterations',
  options: ['vus', 'iterations', 'maxDuration'],
  gracefulStop: true,
  scalable: false,
  parse(f) {
    const vus = f.count('vus', SCENARIO_DEFAULTS.vus);
    const iterations = f.count('iterations', SCENARIO_DEFAULTS.iterations);
    const maxDuration = f.duration('maxDuration', SCENARIO_DEFAULTS.maxDurationMs);
    if (vus === 0) f.problem('vus', 'must be > 0, got 0');
    if (iterations === 0) f.problem('iterations', 'must be > 0, got 0');
    f.atLeastMinimum('maxDuration', maxDuration);
    return { vus: vus ?? 0, iterations: iterations ?? 0, maxDurationMs: maxDuration ?? 0 };
  },
  maxVUs: (s) => s.vus,
  initialVUs: (s) => s.vus,
  plannedMs: (s) => s.maxDurationMs,
  peakRate: () => 0,
  describe: (s) => `${s.iterations} iterations for each of ${s.vus} VUs${withFacts(s, [`maxDuration: ${formatDuration(s.maxDurationMs)}`])}`,
  workerParts: (s, workers) => closedModelParts(s.vus, workers),
  progress: {
    fixedVUs: true,
    measure: (s) => ({ iterationsTotal: s.vus * s.iterations, perVu: s.iterations }),
    text: (p) => `${p.iterations}/${p.iterationsTotal} iters, ${p.perVu} per VU`,
  },
};

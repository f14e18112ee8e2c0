/** per-vu-iterations: each of a fixed number of VUs runs `iterations` iterations, or until maxDuration passes. */
import type { ScenarioConfigOf } from '../../config/index.ts';
import { runFixedVus, type Executor } from '../executor.ts';

export const PerVuIterationsExecutor: Executor<ScenarioConfigOf<'per-vu-iterations'>> = {
  run(ctx) {
    return runFixedVus(ctx, ctx.scenario.vus, { kind: 'per-vu', iterations: ctx.scenario.iterations });
  },
};

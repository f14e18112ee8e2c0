/**
 * shared-iterations: a fixed number of VUs iterate until the iterations run
 * out or maxDuration passes. Iterations are claimed from one counter in
 * shared memory, so VUs on any worker never run more than `iterations` in total.
 */
import type { ScenarioConfigOf } from '../../config/index.ts';
import { runFixedVus, type Executor } from '../executor.ts';

export const SharedIterationsExecutor: Executor<ScenarioConfigOf<'shared-iterations'>> = {
  run(ctx) {
    return runFixedVus(ctx, ctx.scenario.vus, { kind: 'shared', total: ctx.scenario.iterations });
  },
};

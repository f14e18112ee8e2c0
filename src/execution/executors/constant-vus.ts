/** constant-vus: a fixed number of VUs loop for `duration`. */
import type { ScenarioConfigOf } from '../../config/index.ts';
import { runFixedVus, type Executor } from '../executor.ts';

export const ConstantVusExecutor: Executor<ScenarioConfigOf<'constant-vus'>> = {
  run(ctx) {
    return runFixedVus(ctx, ctx.scenario.vus, { kind: 'until-stopped' });
  },
};

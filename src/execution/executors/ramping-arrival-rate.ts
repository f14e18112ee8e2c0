/** ramping-arrival-rate (open model): the start rate follows the stages; the workers keep the schedule. */
import { rampingRateProfile, type ScenarioConfigOf } from '../../config/index.ts';
import { runArrivalRate, type Executor } from '../executor.ts';

export const RampingArrivalRateExecutor: Executor<ScenarioConfigOf<'ramping-arrival-rate'>> = {
  run(ctx) {
    return runArrivalRate(ctx, rampingRateProfile(ctx.scenario), ctx.scenario);
  },
};

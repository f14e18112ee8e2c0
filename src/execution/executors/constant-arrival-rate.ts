/** constant-arrival-rate (open model): `rate` iterations per timeUnit start for `duration`; the workers keep the schedule. */
import { constantRateProfile, type ScenarioConfigOf } from '../../config/index.ts';
import { runArrivalRate, type Executor } from '../executor.ts';

export const ConstantArrivalRateExecutor: Executor<ScenarioConfigOf<'constant-arrival-rate'>> = {
  run(ctx) {
    return runArrivalRate(ctx, constantRateProfile(ctx.scenario), ctx.scenario);
  },
};

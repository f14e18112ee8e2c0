/**
 * constant-arrival-rate and ramping-arrival-rate (open model): iterations
 * start on schedule whatever the response times. The worker owns the
 * schedule (runtime/arrival-driver.ts); here we reserve maxVUs ids, hand
 * over the plan and wait for the scenario to end or be stopped.
 */
import type { Executor } from '../executor.ts';
import { scenarioRun } from '../executor.ts';

export const ArrivalRateExecutor: Executor = {
  async run(ctx) {
    const s = ctx.scenario;
    const constant = s.executor === 'constant-arrival-rate';
    const stages = constant ? [{ durationMs: s.durationMs, target: s.rate }] : s.stages.map((st) => ({ durationMs: st.durationMs, target: st.target }));
    const ids = ctx.pool.allocate(s.maxVUs);
    const run = scenarioRun(s, {
      kind: 'arrival', startRate: constant ? s.rate : s.startRate, stages, timeUnitMs: s.timeUnitMs, preAllocatedVUs: s.preAllocatedVUs,
      offset: 0, stride: 1,
    }, ctx.startedAt + s.durationMs);
    const stop = () => ctx.pool.stopArrival(s.name, s.gracefulStopMs);
    const done = ctx.pool.runArrival(run, ids, ctx.setupData);
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
    await done;
    ctx.signal.removeEventListener('abort', stop);
  },
};

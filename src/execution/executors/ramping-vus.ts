/**
 * ramping-vus: the number of looping VUs follows `stages` (linear ramps from
 * startVUs). VUs ramped down finish their iteration within gracefulRampDown;
 * at the end, the rest get gracefulStop.
 */
import { maxVUsOf, plannedDurationMs, rampingVUsAt, stripedShare, type ScenarioConfigOf } from '../../config/index.ts';
import { LoopingVus, VuTracker, deadlineOf, scenarioRun, stopOnSignal, type Executor } from '../executor.ts';

const TICK_MS = 50;

export const RampingVusExecutor: Executor<ScenarioConfigOf<'ramping-vus'>> = {
  async run(ctx) {
    const s = ctx.scenario;
    const t0 = ctx.clock.now();
    const totalMs = plannedDurationMs(s);
    const ids = ctx.pool.allocate(maxVUsOf(s));
    const run = scenarioRun(s, { kind: 'until-stopped' }, deadlineOf(ctx));
    const tracker = new VuTracker(ctx.pool, s.name);
    stopOnSignal(ctx, tracker);
    const looping = new LoopingVus(ctx, tracker, run, ids, s.gracefulRampDownMs);

    while (!ctx.signal.aborted) {
      const elapsed = ctx.clock.now() - t0;
      if (elapsed >= totalMs) break;
      const vus = rampingVUsAt(s.stages, s.startVUs, elapsed);
      // on an execution segment: this instance's VUs among the test's first `vus`
      looping.adjust(s.vuStripe ? stripedShare(s.vuStripe, vus) : vus);
      await new Promise<void>((r) => ctx.clock.setTimeout(r, TICK_MS));
    }
    // The workers stop the remaining VUs at the deadline (gracefulStop); nothing new starts now.
    tracker.close();
    await tracker.allDone;
  },
};

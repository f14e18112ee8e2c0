/**
 * ramping-vus: the number of looping VUs follows `stages` (linear ramps from
 * startVUs). VUs ramped down finish their iteration within gracefulRampDown;
 * at the end, the rest get gracefulStop.
 */
import type { Executor } from '../executor.ts';
import { LoopingVus, VuTracker, scenarioRun, stopOnSignal } from '../executor.ts';
import { rampingVUsAt } from '../../config/index.ts';

const TICK_MS = 50;

export const RampingVusExecutor: Executor = {
  async run(ctx) {
    const s = ctx.scenario;
    const totalMs = s.stages.reduce((sum, st) => sum + st.durationMs, 0);
    const maxVus = Math.max(s.startVUs, ...s.stages.map((st) => st.target));
    const ids = ctx.pool.allocate(maxVus);
    const run = scenarioRun(s, { kind: 'until-stopped' }, ctx.startedAt + totalMs);
    const tracker = new VuTracker(ctx.pool, s.name);
    stopOnSignal(ctx, tracker);
    const looping = new LoopingVus(ctx, tracker, run, ids, s.gracefulRampDownMs);

    while (!ctx.signal.aborted) {
      const elapsed = Date.now() - ctx.startedAt;
      if (elapsed >= totalMs) break;
      looping.adjust(rampingVUsAt(s.stages, s.startVUs, elapsed));
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    // The workers stop the remaining VUs at the deadline (gracefulStop); nothing new starts now.
    tracker.close();
    await tracker.allDone;
  },
};

/** constant-vus: a fixed number of VUs loop for `duration`. */
import type { Executor } from '../executor.ts';
import { VuTracker, scenarioRun, stopOnSignal } from '../executor.ts';

export const ConstantVusExecutor: Executor = {
  run(ctx) {
    const s = ctx.scenario;
    const tracker = new VuTracker(ctx.pool, s.name);
    const ids = ctx.pool.allocate(s.vus);
    ids.forEach((id) => tracker.running.add(id));
    ctx.pool.start(scenarioRun(s, { kind: 'until-stopped' }, ctx.startedAt + s.durationMs), ids, ctx.setupData);
    tracker.close();
    stopOnSignal(ctx, tracker);
    return tracker.allDone;
  },
};

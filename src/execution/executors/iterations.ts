/**
 * shared-iterations and per-vu-iterations: a fixed number of VUs, each
 * iterating until the iterations run out or maxDuration passes. Shared
 * iterations are claimed from one counter in shared memory, so VUs on any
 * worker never run more than `iterations` in total.
 */
import type { Executor, ExecutorContext } from '../executor.ts';
import { VuTracker, scenarioRun, stopOnSignal } from '../executor.ts';

function runFixedVus(ctx: ExecutorContext, loop: Parameters<typeof scenarioRun>[1]): Promise<void> {
  const s = ctx.scenario;
  const tracker = new VuTracker(ctx.pool, s.name);
  const ids = ctx.pool.allocate(s.vus);
  ids.forEach((id) => tracker.running.add(id));
  ctx.pool.start(scenarioRun(s, loop, ctx.startedAt + s.maxDurationMs), ids, ctx.setupData);
  tracker.close();
  stopOnSignal(ctx, tracker);
  return tracker.allDone;
}

export const SharedIterationsExecutor: Executor = {
  run(ctx) {
    return runFixedVus(ctx, { kind: 'shared', total: ctx.scenario.iterations });
  },
};

export const PerVuIterationsExecutor: Executor = {
  run(ctx) {
    return runFixedVus(ctx, { kind: 'per-vu', iterations: ctx.scenario.iterations });
  },
};

/**
 * externally-controlled: `vus` VUs loop until `duration` ends (0: until the
 * test is stopped); the REST API (`stampede scale`) changes the number of
 * looping VUs and raises maxVUs while the test runs. Ramping down lets a VU
 * finish its current iteration, as k6 does.
 */
import { plannedDurationMs, type ScenarioConfigOf } from '../../config/index.ts';
import { LoopingVus, VuTracker, deadlineOf, scenarioRun, stopOnSignal, type Executor } from '../executor.ts';
import { ControlError } from '../control-error.ts';
import type { ClockTimer } from '../../lib/index.ts';

/** How long a VU scaled away may take to finish its iteration. */
const SCALE_DOWN_GRACE_MS = 30_000;

export const ExternallyControlledExecutor: Executor<ScenarioConfigOf<'externally-controlled'>> = {
  async run(ctx) {
    const s = ctx.scenario;
    const t0 = ctx.clock.now();
    const plannedMs = plannedDurationMs(s);
    const run = scenarioRun(s, { kind: 'until-stopped' }, deadlineOf(ctx));
    const tracker = new VuTracker(ctx.pool, s.name);
    stopOnSignal(ctx, tracker);
    const ids = ctx.pool.allocate(s.maxVUs);
    const looping = new LoopingVus(ctx, tracker, run, ids, SCALE_DOWN_GRACE_MS);
    ctx.registerScaler({
      get vus() { return looping.count; },
      get maxVUs() { return ids.length; },
      scale(vus, maxVUs) {
        const max = maxVUs ?? ids.length;
        if (!Number.isInteger(vus) || vus < 0) throw new ControlError(`vus: must be a non-negative integer, got ${vus}`);
        if (!Number.isInteger(max) || max < ids.length) throw new ControlError(`vus-max: can only grow, from ${ids.length}; got ${max}`);
        if (vus > max) throw new ControlError(`vus: ${vus} is more than vus-max ${max}`);
        if (max > ids.length) ids.push(...ctx.pool.allocate(max - ids.length));
        if (!ctx.signal.aborted) looping.adjust(vus);
      },
    });
    if (!ctx.signal.aborted) looping.adjust(s.vus);
    await new Promise<void>((resolve) => {
      let timer: ClockTimer | undefined;
      const stop = () => { ctx.clock.clearTimeout(timer); resolve(); };
      if (Number.isFinite(plannedMs)) timer = ctx.clock.setTimeout(() => { ctx.signal.removeEventListener('abort', stop); resolve(); }, plannedMs - (ctx.clock.now() - t0));
      if (ctx.signal.aborted) stop();
      else ctx.signal.addEventListener('abort', stop, { once: true });
    });
    // At a finite deadline the workers stop the VUs themselves; on a stop, stopOnSignal did.
    tracker.close();
    await tracker.allDone;
  },
};

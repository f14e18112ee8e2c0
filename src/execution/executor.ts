/**
 * The contract every executor runner implements: given its scenario and a
 * VU pool, run the scenario and resolve when all its VUs are done. Runners
 * only decide WHEN which VU runs; iterations run inside the workers. What
 * an executor plans (VUs, times, rates) is its definition's, in
 * config/executors/; its runner is one file in ./executors/.
 */
import type { ScenarioConfig } from '../config/options.ts';
import { plannedDurationMs, type RateProfile } from '../config/index.ts';
import type { Clock } from '../lib/index.ts';
import type { ScenarioRun, LoopSpec } from '../workers/index.ts';

/** What a runner asks of the VU pool (VuPool; an in-memory fake in the contract test). */
export interface ExecutorPool {
  /** Reserves `n` VU ids (k6's `__VU`, unique in the test). */
  allocate(n: number): number[];
  /** Registers the scenario's vu-done handler (one per scenario). */
  onVuDone(scenario: string, fn: (vuId: number) => void): void;
  /** Starts closed-model VUs; each reports vu-done when its loop ends. */
  start(run: ScenarioRun, ids: number[], setupData: unknown): void;
  /** Asks VUs to stop, letting a running iteration finish within gracefulMs. */
  stop(scenario: string, ids: number[], gracefulMs: number): void;
  /** Starts an arrival-rate scenario (the workers keep its schedule); resolves when it is over. */
  runArrival(run: ScenarioRun, ids: number[], setupData: unknown): Promise<void>;
  /** Stops an arrival-rate scenario: no new iterations; running ones get gracefulMs. */
  stopArrival(scenario: string, gracefulMs: number): void;
}

export interface ExecutorContext<S extends ScenarioConfig = ScenarioConfig> {
  scenario: S;
  pool: ExecutorPool;
  setupData: unknown;
  /** epoch ms at which this scenario started (after startTime): the base of the workers' deadlines */
  startedAt: number;
  /** timers and elapsed time (systemClock; a ManualClock in tests) */
  clock: Clock;
  /** aborted when the whole test must stop (abort, Ctrl-C, REST stop) */
  signal: AbortSignal;
  /** externally-controlled scenarios register here so the REST API can scale them */
  registerScaler(scaler: Scaler): void;
}

/** What `stampede scale` / PATCH /v1/status can change in a running scenario. */
export interface Scaler {
  readonly vus: number;
  readonly maxVUs: number;
  /** Throws ControlError when the numbers are not possible. */
  scale(vus: number, maxVUs?: number): void;
}

export interface Executor<S extends ScenarioConfig = ScenarioConfig> {
  /** Resolves when every VU of the scenario has finished. Must not throw on a stop. */
  run(ctx: ExecutorContext<S>): Promise<void>;
}

/** Epoch ms after which the workers start no new iteration: the start plus the definition's planned time (Infinity: never). */
export function deadlineOf(ctx: ExecutorContext): number {
  return ctx.startedAt + plannedDurationMs(ctx.scenario);
}

/**
 * Builds the ScenarioRun workers receive, from the scenario and a loop spec.
 * Build it once per scenario: its iteration counter is what makes
 * exec.scenario.iterationInTest unique across every VU and worker.
 */
export function scenarioRun(s: ScenarioConfig, loop: LoopSpec, deadline: number): ScenarioRun {
  return {
    name: s.name, executor: s.executor, exec: s.exec, env: s.env, tags: s.tags, loop,
    iterationCounter: new SharedArrayBuffer(Uint32Array.BYTES_PER_ELEMENT), deadline, gracefulStopMs: s.gracefulStopMs,
    ...(s.iterationStripe && { iterationStripe: s.iterationStripe }),
  };
}

/**
 * Tracks a set of running VU ids and resolves `allDone` once each has
 * reported vu-done. Shared by the executors.
 */
export class VuTracker {
  readonly running = new Set<number>();
  #resolve?: () => void;
  readonly allDone: Promise<void>;

  constructor(pool: ExecutorPool, scenario: string) {
    this.allDone = new Promise((r) => { this.#resolve = r; });
    pool.onVuDone(scenario, (id) => {
      this.running.delete(id);
      if (this.running.size === 0 && this.#closed) this.#resolve?.();
    });
  }

  #closed = false;
  /** No more VUs will be started: resolve allDone once the running ones finish. */
  close(): void {
    this.#closed = true;
    if (this.running.size === 0) this.#resolve?.();
  }
}

/** When the test is stopped: ask the scenario's running VUs to stop within gracefulStop. */
export function stopOnSignal(ctx: ExecutorContext, tracker: VuTracker): void {
  const stop = () => ctx.pool.stop(ctx.scenario.name, [...tracker.running], ctx.scenario.gracefulStopMs);
  if (ctx.signal.aborted) stop();
  else ctx.signal.addEventListener('abort', stop, { once: true });
}

/**
 * A fixed set of `vus` VUs running `loop` until the workers end it (its
 * iterations done, or the deadline) or the test stops: shared-iterations,
 * per-vu-iterations, constant-vus.
 */
export function runFixedVus(ctx: ExecutorContext, vus: number, loop: LoopSpec): Promise<void> {
  const s = ctx.scenario;
  const tracker = new VuTracker(ctx.pool, s.name);
  const ids = ctx.pool.allocate(vus);
  ids.forEach((id) => tracker.running.add(id));
  ctx.pool.start(scenarioRun(s, loop, deadlineOf(ctx)), ids, ctx.setupData);
  tracker.close();
  stopOnSignal(ctx, tracker);
  return tracker.allDone;
}

/**
 * An arrival-rate scenario (open model): iterations start on schedule
 * whatever the response times. The worker owns the schedule
 * (runtime/arrival-driver.ts); here we reserve maxVUs ids, hand over the
 * rate profile and wait for the scenario to end or be stopped.
 */
export async function runArrivalRate(ctx: ExecutorContext, profile: RateProfile, vus: { preAllocatedVUs: number; maxVUs: number }): Promise<void> {
  const s = ctx.scenario;
  const ids = ctx.pool.allocate(vus.maxVUs);
  const run = scenarioRun(s, {
    kind: 'arrival', startRate: profile.startRate, stages: profile.stages, timeUnitMs: profile.timeUnitMs, preAllocatedVUs: vus.preAllocatedVUs,
    offset: 0, stride: 1,
  }, deadlineOf(ctx));
  const stop = () => ctx.pool.stopArrival(s.name, s.gracefulStopMs);
  const done = ctx.pool.runArrival(run, ids, ctx.setupData);
  if (ctx.signal.aborted) stop();
  else ctx.signal.addEventListener('abort', stop, { once: true });
  await done;
  ctx.signal.removeEventListener('abort', stop);
}

/**
 * The looping VUs of a scenario whose VU count moves (ramping-vus,
 * externally-controlled): `adjust(n)` starts free VUs from `ids` or stops
 * the latest ones, which get `stopGraceMs` to finish their iteration.
 */
export class LoopingVus {
  /** VUs we want looping, in start order; a subset of tracker.running */
  readonly ids: number[] = [];
  readonly #ctx: ExecutorContext;
  readonly #tracker: VuTracker;
  readonly #run: ScenarioRun;
  readonly #pool: readonly number[];
  readonly #stopGraceMs: number;

  /** `pool` may grow later (scaling raises maxVUs). */
  constructor(ctx: ExecutorContext, tracker: VuTracker, run: ScenarioRun, pool: readonly number[], stopGraceMs: number) {
    this.#ctx = ctx;
    this.#tracker = tracker;
    this.#run = run;
    this.#pool = pool;
    this.#stopGraceMs = stopGraceMs;
  }

  get count(): number {
    return this.ids.length;
  }

  adjust(target: number): void {
    const looping = this.ids;
    if (target > looping.length) {
      const free = this.#pool.filter((id) => !this.#tracker.running.has(id)).slice(0, target - looping.length);
      free.forEach((id) => { this.#tracker.running.add(id); looping.push(id); });
      this.#ctx.pool.start(this.#run, free, this.#ctx.setupData);
    } else if (target < looping.length) {
      this.#ctx.pool.stop(this.#ctx.scenario.name, looping.splice(target), this.#stopGraceMs);
    }
  }
}

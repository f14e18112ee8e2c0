/**
 * The contract every executor implements: given its scenario and a VU pool,
 * run the scenario and resolve when all its VUs are done. Executors only
 * decide WHEN which VU runs; iterations run inside the workers.
 */
import type { ScenarioConfig } from '../config/options.ts';
import type { ScenarioRun, LoopSpec } from '../workers/index.ts';
import type { VuPool } from './vu-pool.ts';

export interface ExecutorContext {
  scenario: ScenarioConfig;
  pool: VuPool;
  setupData: unknown;
  /** epoch ms at which this scenario starts (after startTime) */
  startedAt: number;
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

export interface Executor {
  /** Resolves when every VU of the scenario has finished. Must not throw on a stop. */
  run(ctx: ExecutorContext): Promise<void>;
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

  constructor(pool: VuPool, scenario: string) {
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

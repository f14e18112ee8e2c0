/**
 * Places VUs on worker threads and keeps count of the active ones. Executors
 * ask it to start and stop VU ids; it tells them when a VU (or, for
 * arrival-rate scenarios, the whole scenario) is done. Arrival-rate VUs,
 * which workers start by themselves, are counted in each worker's shared
 * control block.
 *
 * When a worker dies, its VUs count as done (their scenarios end without
 * them) and new VUs go to the workers still alive.
 */
import { ARRIVAL_VUS, GROWN_VUS, setPaused, type WorkerHost, type ScenarioRun } from '../workers/index.ts';
import { arrivalParts, partStart, shareOf } from '../config/index.ts';
import type { ExecutorPool } from './executor.ts';

/** VU ids by scenario: closed-model VUs running, and arrival-rate VUs handed to a worker. */
export type VusByScenario = Map<string, number[]>;

export class VuPool implements ExecutorPool {
  readonly #workers: WorkerHost[];
  #nextId = 1;
  #allocated = 0;
  /** closed-model VUs started and not yet done */
  #looping = 0;
  #paused = false;
  readonly #doneHandlers = new Map<string, (vuId: number) => void>();
  readonly #scenarioDone = new Map<string, () => void>();
  /** VUs per scenario: closed-model ones counted here */
  readonly #vusByScenario = new Map<string, number>();
  /** arrival-rate VUs per scenario and worker, as each worker reports them */
  readonly #arrivalVus = new Map<string, number[]>();
  /** closed-model VUs started and not done: id → where it runs */
  readonly #placed = new Map<number, { worker: WorkerHost; scenario: string }>();
  /** arrival-rate scenario parts not over yet, by worker: scenario → the VU ids handed over */
  readonly #arrivalParts = new Map<WorkerHost, Map<string, number[]>>();

  constructor(workers: WorkerHost[]) {
    this.#workers = workers;
    for (const w of workers) {
      w.on('vu-done', (e) => this.#vuDone(e.scenario, e.vuId));
      w.on('scenario-done', (e) => this.#partDone(w, e.scenario));
      w.on('scenario-vus', (e) => {
        let perWorker = this.#arrivalVus.get(e.scenario);
        if (!perWorker) this.#arrivalVus.set(e.scenario, (perWorker = []));
        perWorker[w.index] = e.vus;
      });
    }
  }

  #vuDone(scenario: string, vuId: number): void {
    if (!this.#placed.delete(vuId)) return; // already counted (its worker died)
    this.#looping--;
    this.#vusByScenario.set(scenario, (this.#vusByScenario.get(scenario) ?? 1) - 1);
    this.#doneHandlers.get(scenario)?.(vuId);
  }

  #partDone(w: WorkerHost, scenario: string): void {
    if (!this.#arrivalParts.get(w)?.delete(scenario)) return;
    this.#scenarioDone.get(scenario)?.();
  }

  /** The VUs a worker runs now (closed model) or was handed (arrival rate), by scenario. */
  heldBy(w: WorkerHost): VusByScenario {
    const vusByScenario = new Map<string, number[]>();
    for (const [id, p] of this.#placed) {
      if (p.worker !== w) continue;
      let ids = vusByScenario.get(p.scenario);
      if (!ids) vusByScenario.set(p.scenario, (ids = []));
      ids.push(id);
    }
    for (const [scenario, ids] of this.#arrivalParts.get(w) ?? []) {
      vusByScenario.set(scenario, [...(vusByScenario.get(scenario) ?? []), ...ids]);
    }
    return vusByScenario;
  }

  /**
   * A dead worker's VUs are done: their scenarios go on (or end) without
   * them, and new VUs go to the other workers. Returns what it held.
   */
  release(w: WorkerHost): VusByScenario {
    const held = this.heldBy(w);
    // its arrival VUs no longer run: the shared counters it left behind are stale
    Atomics.store(w.control, ARRIVAL_VUS, 0);
    this.#arrivalVus.forEach((perWorker) => { perWorker[w.index] = 0; });
    for (const [id, p] of [...this.#placed]) if (p.worker === w) this.#vuDone(p.scenario, id);
    for (const scenario of [...(this.#arrivalParts.get(w)?.keys() ?? [])]) this.#partDone(w, scenario);
    return held;
  }

  /** The workers new VUs can go to. */
  get #alive(): WorkerHost[] {
    return this.#workers.filter((w) => w.alive);
  }

  /** Reserves `n` VU ids (k6's `__VU`, unique in the test) for a scenario. */
  allocate(n: number): number[] {
    const ids = Array.from({ length: n }, (_, i) => this.#nextId + i);
    this.#nextId += n;
    this.#allocated += n;
    return ids;
  }

  /** VUs running a scenario right now, in every worker. */
  get active(): number {
    let n = this.#looping;
    for (const w of this.#workers) if (w.alive) n += Atomics.load(w.control, ARRIVAL_VUS);
    return n;
  }

  /** VUs arrival-rate scenarios initialised beyond their preAllocatedVUs. */
  get grown(): number {
    let n = 0;
    for (const w of this.#workers) n += Atomics.load(w.control, GROWN_VUS);
    return n;
  }

  get allocated(): number { return this.#allocated; }

  /** VUs the scenario has right now. */
  vusOf(scenario: string): number {
    const arrival = this.#arrivalVus.get(scenario);
    return (this.#vusByScenario.get(scenario) ?? 0) + (arrival ? arrival.reduce((a, b) => a + (b ?? 0), 0) : 0);
  }
  get paused(): boolean { return this.#paused; }

  /** Paused VUs finish their iteration and start no other until resumed. */
  setPaused(paused: boolean): void {
    this.#paused = paused;
    for (const w of this.#workers) setPaused(w.control, paused);
  }

  /** Registers the scenario's vu-done handler (one per scenario). */
  onVuDone(scenario: string, fn: (vuId: number) => void): void {
    this.#doneHandlers.set(scenario, fn);
  }

  start(run: ScenarioRun, ids: number[], setupData: unknown): void {
    if (ids.length === 0) return;
    const alive = this.#alive;
    if (alive.length === 0) {
      // no worker left to run them: they are done before they start
      for (const id of ids) this.#doneHandlers.get(run.name)?.(id);
      return;
    }
    this.#looping += ids.length;
    this.#vusByScenario.set(run.name, (this.#vusByScenario.get(run.name) ?? 0) + ids.length);
    const groups = new Map<WorkerHost, number[]>();
    for (const id of ids) {
      const worker = alive[(id - 1) % alive.length];
      this.#placed.set(id, { worker, scenario: run.name });
      let group = groups.get(worker);
      if (!group) groups.set(worker, (group = []));
      group.push(id);
    }
    for (const [worker, group] of groups) worker.send({ type: 'start-vus', scenario: run, vuIds: group, setupData });
  }

  /**
   * Starts an arrival-rate scenario: the worker schedules its iterations
   * itself. Resolves when the scenario is over.
   */
  runArrival(run: ScenarioRun, ids: number[], setupData: unknown): Promise<void> {
    if (run.loop.kind !== 'arrival') throw new Error('runArrival needs an arrival loop');
    const loop = run.loop;
    const alive = this.#alive;
    if (alive.length === 0) return Promise.resolve();
    // Each taking part worker starts every P-th iteration of the schedule and holds its
    // share of the VUs; no more workers than pre-allocated VUs, so each starts with one.
    const parts = arrivalParts(alive.length, loop.preAllocatedVUs, ids.length);
    let remaining = parts;
    const done = new Promise<void>((resolve) => this.#scenarioDone.set(run.name, () => { if (--remaining === 0) resolve(); }));
    for (let k = 0; k < parts; k++) {
      const part = { ...run, loop: { ...loop, preAllocatedVUs: shareOf(loop.preAllocatedVUs, k, parts), offset: k, stride: parts } };
      const vuIds = ids.slice(partStart(ids.length, k, parts), partStart(ids.length, k + 1, parts));
      let held = this.#arrivalParts.get(alive[k]);
      if (!held) this.#arrivalParts.set(alive[k], (held = new Map()));
      held.set(run.name, vuIds);
      alive[k].send({ type: 'start-vus', scenario: part, vuIds, setupData });
    }
    return done;
  }

  stopArrival(scenario: string, gracefulMs: number): void {
    for (const w of this.#workers) w.send({ type: 'stop-scenario', scenario, gracefulMs });
  }

  stop(scenario: string, ids: number[], gracefulMs: number): void {
    const groups = new Map<WorkerHost, number[]>();
    for (const id of ids) {
      const worker = this.#placed.get(id)?.worker;
      if (!worker) continue; // done already
      let group = groups.get(worker);
      if (!group) groups.set(worker, (group = []));
      group.push(id);
    }
    for (const [worker, group] of groups) worker.send({ type: 'stop-vus', scenario, vuIds: group, gracefulMs });
  }

  /**
   * Ctrl-C / SIGTERM: every running iteration is interrupted now (k6 does
   * not wait for gracefulStop on a user's interrupt); the scenarios then end.
   */
  interruptAll(): void {
    const byScenario = new Map<string, number[]>();
    for (const [id, p] of this.#placed) {
      let ids = byScenario.get(p.scenario);
      if (!ids) byScenario.set(p.scenario, (ids = []));
      ids.push(id);
    }
    for (const [scenario, ids] of byScenario) this.stop(scenario, ids, 0);
    for (const [w, parts] of this.#arrivalParts) for (const scenario of parts.keys()) w.send({ type: 'stop-scenario', scenario, gracefulMs: 0 });
  }
}

/**
 * Places VUs on worker threads and keeps count of the active ones. Executors
 * ask it to start and stop VU ids; it tells them when a VU (or, for
 * arrival-rate scenarios, the whole scenario) is done. Arrival-rate VUs,
 * which workers start by themselves, are counted in each worker's shared
 * control block.
 */
import { ARRIVAL_VUS, GROWN_VUS, setPaused, type WorkerHost, type ScenarioRun } from '../workers/index.ts';

export class VuPool {
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

  constructor(workers: WorkerHost[]) {
    this.#workers = workers;
    for (const w of workers) {
      w.on('vu-done', (e) => {
        this.#looping--;
        this.#vusByScenario.set(e.scenario, (this.#vusByScenario.get(e.scenario) ?? 1) - 1);
        this.#doneHandlers.get(e.scenario)?.(e.vuId);
      });
      w.on('scenario-done', (e) => this.#scenarioDone.get(e.scenario)?.());
      w.on('scenario-vus', (e) => {
        let perWorker = this.#arrivalVus.get(e.scenario);
        if (!perWorker) this.#arrivalVus.set(e.scenario, (perWorker = []));
        perWorker[w.index] = e.vus;
      });
    }
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
    for (const w of this.#workers) n += Atomics.load(w.control, ARRIVAL_VUS);
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
    this.#looping += ids.length;
    this.#vusByScenario.set(run.name, this.vusOf(run.name) + ids.length);
    for (const [worker, group] of this.#byWorker(ids)) worker.send({ type: 'start-vus', scenario: run, vuIds: group, setupData });
  }

  /**
   * Starts an arrival-rate scenario: the worker schedules its iterations
   * itself. Resolves when the scenario is over.
   */
  runArrival(run: ScenarioRun, ids: number[], setupData: unknown): Promise<void> {
    if (run.loop.kind !== 'arrival') throw new Error('runArrival needs an arrival loop');
    const loop = run.loop;
    // Each taking part worker starts every P-th iteration of the schedule and holds its
    // share of the VUs; no more workers than pre-allocated VUs, so each starts with one.
    const parts = Math.max(1, Math.min(this.#workers.length, loop.preAllocatedVUs || ids.length, ids.length));
    let remaining = parts;
    const done = new Promise<void>((resolve) => this.#scenarioDone.set(run.name, () => { if (--remaining === 0) resolve(); }));
    for (let k = 0; k < parts; k++) {
      const part = { ...run, loop: { ...loop, preAllocatedVUs: shareOf(loop.preAllocatedVUs, k, parts), offset: k, stride: parts } };
      this.#workers[k].send({ type: 'start-vus', scenario: part, vuIds: ids.slice(cut(ids.length, k, parts), cut(ids.length, k + 1, parts)), setupData });
    }
    return done;
  }

  stopArrival(scenario: string, gracefulMs: number): void {
    for (const w of this.#workers) w.send({ type: 'stop-scenario', scenario, gracefulMs });
  }

  stop(scenario: string, ids: number[], gracefulMs: number): void {
    for (const [worker, group] of this.#byWorker(ids)) worker.send({ type: 'stop-vus', scenario, vuIds: group, gracefulMs });
  }

  #byWorker(ids: number[]): Map<WorkerHost, number[]> {
    const out = new Map<WorkerHost, number[]>();
    for (const id of ids) {
      const w = this.#workers[(id - 1) % this.#workers.length];
      let list = out.get(w);
      if (!list) out.set(w, (list = []));
      list.push(id);
    }
    return out;
  }
}

/** Where part k of n parts of `total` starts: parts differ by at most one and add up to total. */
function cut(total: number, k: number, parts: number): number {
  return Math.floor((total * k) / parts);
}

/** The size of part k of `total` split into `parts`. */
export function shareOf(total: number, k: number, parts: number): number {
  return cut(total, k + 1, parts) - cut(total, k, parts);
}

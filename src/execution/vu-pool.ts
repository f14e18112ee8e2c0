/**
 * Places VUs on worker threads and keeps count of the active ones. Executors
 * ask it to start and stop VU ids; it tells them when a VU is done.
 */
import type { WorkerHost, ScenarioRun } from '../workers/index.ts';

export class VuPool {
  readonly #workers: WorkerHost[];
  #nextId = 1;
  #active = 0;
  #allocated = 0;
  readonly #doneHandlers = new Map<string, (vuId: number) => void>();

  constructor(workers: WorkerHost[]) {
    this.#workers = workers;
    for (const w of workers) {
      w.on('vu-done', (e) => {
        this.#active--;
        this.#doneHandlers.get(e.scenario)?.(e.vuId);
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

  get active(): number { return this.#active; }
  get allocated(): number { return this.#allocated; }

  /** Registers the scenario's vu-done handler (one per scenario). */
  onVuDone(scenario: string, fn: (vuId: number) => void): void {
    this.#doneHandlers.set(scenario, fn);
  }

  start(run: ScenarioRun, ids: number[], setupData: unknown): void {
    if (ids.length === 0) return;
    this.#active += ids.length;
    for (const [worker, group] of this.#byWorker(ids)) worker.send({ type: 'start-vus', scenario: run, vuIds: group, setupData });
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

/**
 * For tests: an in-memory VU pool that plays the workers' part on a
 * ManualClock, so an executor runner (or the scheduler) can be run exactly
 * and without threads. Each VU loops iterations of `iterationMs` as the
 * worker's iteration loop would: no new iteration after the run's deadline
 * or a stop, and a running one is interrupted when its grace runs out.
 * Arrival-rate runs follow their ArrivalSchedule, growing from the
 * pre-allocated VUs up to the ids handed over. vu-done is delivered a
 * microtask later, like a message from a worker.
 */
import { ArrivalSchedule } from '../../config/index.ts';
import type { ClockTimer, ManualClock } from '../../lib/index.ts';
import type { ScenarioRun } from '../../workers/index.ts';
import type { ExecutorPool } from '../executor.ts';

interface FakeVu {
  id: number;
  run: ScenarioRun;
  stopRequested: boolean;
  iterations: number;
  iteration?: ClockTimer;
  kill?: ClockTimer;
  done: boolean;
}

interface FakeArrival {
  run: ScenarioRun;
  schedule: ArrivalSchedule;
  startedAt: number;
  next: number;
  timer?: ClockTimer;
  inFlight: Set<ClockTimer>;
  /** VUs initialised (pre-allocated, then grown) and the idle ones among them */
  vus: number;
  idle: number;
  maxVUs: number;
  stopped: boolean;
  over: boolean;
  resolve(): void;
}

export class FakeVuPool implements ExecutorPool {
  readonly clock: ManualClock;
  readonly iterationMs: number;
  #nextId = 1;
  /** closed-model VUs running now */
  readonly running = new Map<number, FakeVu>();
  /** every ScenarioRun handed over (start or runArrival), once each */
  readonly runs: ScenarioRun[] = [];
  /** every stop-vus / stop-scenario asked for */
  readonly stops: { scenario: string; ids: number[]; gracefulMs: number; at: number }[] = [];
  readonly arrivalStops: { scenario: string; gracefulMs: number; at: number }[] = [];
  /** VU ids started, in order */
  readonly started: number[] = [];
  /** most VUs at once: closed-model VUs running, plus arrival-rate VUs initialised */
  peak = 0;
  /** iterations that ran to their end */
  iterations = 0;
  /** arrival-rate iterations that found no free VU */
  dropped = 0;
  /** contract breaches seen (a VU started twice, an id never allocated…) */
  readonly problems: string[] = [];
  readonly #handlers = new Map<string, (vuId: number) => void>();
  readonly #claimed = new Map<string, number>();
  readonly #arrivals = new Map<string, FakeArrival>();

  constructor(clock: ManualClock, iterationMs = 100) {
    this.clock = clock;
    this.iterationMs = iterationMs;
  }

  get allocated(): number {
    return this.#nextId - 1;
  }

  /** Closed-model VUs running and not asked to stop. */
  get looping(): number {
    let n = 0;
    for (const vu of this.running.values()) if (!vu.stopRequested) n++;
    return n;
  }

  /** VUs an arrival-rate scenario has initialised. */
  arrivalVUs(scenario: string): number {
    return this.#arrivals.get(scenario)?.vus ?? 0;
  }

  /** Closed-model VUs running plus arrival-rate iterations in flight. */
  get busy(): number {
    let n = this.running.size;
    for (const a of this.#arrivals.values()) n += a.inFlight.size;
    return n;
  }

  #updatePeak(): void {
    let n = this.running.size;
    for (const a of this.#arrivals.values()) if (!a.over) n += a.vus;
    this.peak = Math.max(this.peak, n);
  }

  #record(run: ScenarioRun): void {
    if (!this.runs.includes(run)) this.runs.push(run);
  }

  #checkIds(ids: number[]): void {
    for (const id of ids) if (!Number.isInteger(id) || id < 1 || id >= this.#nextId) this.problems.push(`VU ${id} was never allocated`);
  }

  allocate(n: number): number[] {
    const ids = Array.from({ length: n }, (_, i) => this.#nextId + i);
    this.#nextId += n;
    return ids;
  }

  onVuDone(scenario: string, fn: (vuId: number) => void): void {
    this.#handlers.set(scenario, fn);
  }

  start(run: ScenarioRun, ids: number[], _setupData: unknown): void {
    if (ids.length === 0) return;
    this.#record(run);
    this.#checkIds(ids);
    if (run.loop.kind === 'arrival') this.problems.push('start() got an arrival loop');
    const vus: FakeVu[] = [];
    for (const id of ids) {
      if (this.running.has(id)) { this.problems.push(`VU ${id} started while running`); continue; }
      const vu: FakeVu = { id, run, stopRequested: false, iterations: 0, done: false };
      this.running.set(id, vu);
      this.started.push(id);
      vus.push(vu);
    }
    this.#updatePeak();
    // as the worker does: at the deadline, the scenario's VUs get gracefulStop to finish
    if (Number.isFinite(run.deadline)) {
      this.clock.setTimeout(() => {
        for (const vu of vus) this.#requestStop(vu, run.gracefulStopMs);
      }, run.deadline - this.clock.now());
    }
    for (const vu of vus) this.#next(vu);
  }

  #claim(vu: FakeVu): boolean {
    const loop = vu.run.loop;
    if (loop.kind === 'shared') {
      const claimed = this.#claimed.get(vu.run.name) ?? 0;
      if (claimed >= loop.total) return false;
      this.#claimed.set(vu.run.name, claimed + 1);
      return true;
    }
    if (loop.kind === 'per-vu') return vu.iterations < loop.iterations;
    return true;
  }

  #next(vu: FakeVu): void {
    if (vu.done) return;
    if (vu.stopRequested || this.clock.now() >= vu.run.deadline || !this.#claim(vu)) { this.#finish(vu); return; }
    vu.iteration = this.clock.setTimeout(() => {
      vu.iteration = undefined;
      vu.iterations++;
      this.iterations++;
      this.#next(vu);
    }, this.iterationMs);
  }

  #requestStop(vu: FakeVu, gracefulMs: number): void {
    if (vu.done) return;
    vu.stopRequested = true;
    if (gracefulMs <= 0) this.#finish(vu);
    else vu.kill ??= this.clock.setTimeout(() => this.#finish(vu), gracefulMs);
  }

  #finish(vu: FakeVu): void {
    if (vu.done) return;
    vu.done = true;
    this.clock.clearTimeout(vu.iteration);
    this.clock.clearTimeout(vu.kill);
    this.running.delete(vu.id);
    queueMicrotask(() => this.#handlers.get(vu.run.name)?.(vu.id));
  }

  stop(scenario: string, ids: number[], gracefulMs: number): void {
    this.stops.push({ scenario, ids: [...ids], gracefulMs, at: this.clock.now() });
    for (const id of ids) {
      const vu = this.running.get(id);
      if (vu && vu.run.name === scenario) this.#requestStop(vu, gracefulMs);
    }
  }

  runArrival(run: ScenarioRun, ids: number[], _setupData: unknown): Promise<void> {
    this.#record(run);
    this.#checkIds(ids);
    const loop = run.loop;
    if (loop.kind !== 'arrival') { this.problems.push('runArrival() got a closed-model loop'); return Promise.resolve(); }
    return new Promise<void>((resolve) => {
      const a: FakeArrival = {
        run, schedule: new ArrivalSchedule(loop.startRate, loop.stages, loop.timeUnitMs), startedAt: this.clock.now(), next: 0,
        inFlight: new Set(), vus: Math.min(loop.preAllocatedVUs, ids.length), idle: Math.min(loop.preAllocatedVUs, ids.length),
        maxVUs: ids.length, stopped: false, over: false, resolve,
      };
      this.#arrivals.set(run.name, a);
      this.#updatePeak();
      this.#scheduleNext(a);
    });
  }

  #scheduleNext(a: FakeArrival): void {
    const offset = a.stopped ? undefined : a.schedule.offsetOf(a.next);
    if (offset === undefined || a.startedAt + offset >= a.run.deadline) { a.stopped = true; this.#maybeOver(a); return; }
    a.timer = this.clock.setTimeout(() => {
      a.timer = undefined;
      a.next++;
      if (a.idle === 0 && a.vus < a.maxVUs) { a.vus++; a.idle++; this.#updatePeak(); }
      if (a.idle === 0) this.dropped++;
      else {
        a.idle--;
        const t = this.clock.setTimeout(() => {
          a.inFlight.delete(t);
          a.idle++;
          this.iterations++;
          this.#maybeOver(a);
        }, this.iterationMs);
        a.inFlight.add(t);
      }
      this.#scheduleNext(a);
    }, a.startedAt + offset - this.clock.now());
  }

  #maybeOver(a: FakeArrival): void {
    if (a.over || !a.stopped || a.inFlight.size > 0) return;
    a.over = true;
    queueMicrotask(() => a.resolve());
  }

  stopArrival(scenario: string, gracefulMs: number): void {
    this.arrivalStops.push({ scenario, gracefulMs, at: this.clock.now() });
    const a = this.#arrivals.get(scenario);
    if (!a || a.over) return;
    a.stopped = true;
    this.clock.clearTimeout(a.timer);
    const interrupt = () => {
      for (const t of a.inFlight) this.clock.clearTimeout(t);
      a.inFlight.clear();
      this.#maybeOver(a);
    };
    if (gracefulMs <= 0) interrupt();
    else this.clock.setTimeout(interrupt, gracefulMs);
    this.#maybeOver(a);
  }
}

/** Lets promise continuations (and queued vu-done messages) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Moves the clock `ms` forward in `stepMs` steps, letting async code run after each. */
export async function advance(clock: ManualClock, ms: number, stepMs = 10): Promise<void> {
  const end = clock.now() + ms;
  await settle();
  while (clock.now() < end) {
    clock.advance(Math.min(stepMs, end - clock.now()));
    await settle();
  }
}

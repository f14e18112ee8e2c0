/**
 * Drives one arrival-rate scenario inside a worker (open model): starts
 * each iteration at its scheduled time on a free VU, whatever the response
 * times. An iteration that finds no free VU waits up to WAIT_FOR_VU_MS for
 * one, then is dropped (`dropped_iterations`); meanwhile more VUs are
 * initialised in the background, up to maxVUs; at maxVUs a warning says so
 * once. Scheduling here rather than on the main thread
 * keeps a message off every iteration and the start times exact. Time comes
 * from an injected Clock (the system clock unless a test passes a
 * ManualClock).
 */
import { ArrivalSchedule } from '../config/index.ts';
import { systemClock, type Clock, type ClockTimer } from '../lib/index.ts';
import type { ScenarioRun } from '../workers/protocol.ts';
import { ARRIVAL_VUS, GROWN_VUS } from '../workers/control-block.ts';
import type { Vu } from './vu.ts';
import { claimIteration, execFunction, runIteration, type ExecFunction, type LoopHooks } from './iteration-loop.ts';
import { stripedIndex } from '../config/execution-segment.ts';

type ArrivalLoop = Extract<ScenarioRun['loop'], { kind: 'arrival' }>;

export interface ArrivalDeps {
  /** an initialised VU that has entered the scenario, or undefined when its init code failed (already reported) */
  createVu(id: number): Promise<Vu | undefined>;
  /** the scenario is over for a VU that finished cleanly: keep it for later */
  release(vu: Vu): void;
  /** give up on a VU still running at the end of gracefulStop */
  abandon(vu: Vu): void;
  /** an iteration was dropped: no VU was free within WAIT_FOR_VU_MS, or the scenario ended first */
  dropped(): void;
  /** how late (ms) an iteration started against its schedule */
  late(ms: number): void;
  warn(line: string): void;
  /** the scenario's VU count changed (start, growth, end) */
  reportVus(vus: number): void;
  hooks: LoopHooks;
  control: Int32Array;
  /** the schedule's time; systemClock unless a test drives it (lib/clock.ts) */
  clock?: Clock;
}

interface Member { vu: Vu; fn: ExecFunction }

/**
 * VUs initialised at once when iterations are being dropped. k6 grows one
 * at a time; a VU costs us milliseconds to initialise, and a burst (every
 * connection opening at the start, a latency spike) drops far fewer
 * iterations when a few grow together.
 */
const MAX_GROWING = 4;

/**
 * How long an iteration waits for a VU before it is dropped. One event loop
 * runs the schedule and the VUs: when it is busy (JIT warm-up, a burst of
 * connections) a VU whose response has already arrived still looks busy
 * until its callbacks run, which is right after the schedule's own timer.
 * k6's goroutines have no such lag, so without this wait the first seconds
 * of a 5,000 it/s test dropped ~1,900 iterations that a free VU could take a
 * few ms later. The wait shows in `iteration_lateness`; VUs that are really
 * too few still drop iterations (each freed VU takes one waiting iteration).
 */
export const WAIT_FOR_VU_MS = 10;

interface Waiting {
  /** scheduled offset (ms since the scenario started) */
  at: number;
  /** clock time after which it is dropped */
  expires: number;
}

export class ArrivalDriver {
  readonly #run: ScenarioRun;
  readonly #loop: ArrivalLoop;
  readonly #ids: readonly number[];
  readonly #setupData: unknown;
  readonly #deps: ArrivalDeps;
  readonly #clock: Clock;
  readonly #schedule: ArrivalSchedule;
  /** the scenario's iteration counter, shared with the other workers (exec.scenario.iterationInTest) */
  readonly #counter: Uint32Array;
  readonly #idle: Member[] = [];
  readonly #busy = new Set<Member>();
  #initialised = 0;
  /** VUs being initialised right now */
  #growing = 0;
  #warned = false;
  #next = 0;
  /** set once the pre-allocated VUs are ready and the schedule's clock started */
  #started = false;
  #startedAt = 0;
  /** time spent paused, excluded from the schedule */
  #pausedMs = 0;
  #timer?: ClockTimer;
  #ending = false;
  #graceTimer?: ClockTimer;
  #members = 0;
  /** iterations due while every VU was busy, oldest first (#waitingHead is the first live one) */
  #waiting: Waiting[] = [];
  #waitingHead = 0;
  #expiryTimer?: ClockTimer;
  #resolveDone!: () => void;
  readonly done = new Promise<void>((r) => { this.#resolveDone = r; });

  /** `ids` are the VU ids this worker may use: the first preAllocatedVUs are initialised at once. */
  constructor(run: ScenarioRun, ids: readonly number[], setupData: unknown, deps: ArrivalDeps) {
    if (run.loop.kind !== 'arrival') throw new Error('ArrivalDriver needs an arrival loop');
    this.#run = run;
    this.#loop = run.loop;
    this.#ids = ids;
    this.#setupData = setupData;
    this.#deps = deps;
    this.#clock = deps.clock ?? systemClock;
    this.#schedule = new ArrivalSchedule(run.loop.startRate, run.loop.stages, run.loop.timeUnitMs);
    this.#next = run.loop.offset;
    this.#counter = new Uint32Array(run.iterationCounter);
  }

  /** Initialises the pre-allocated VUs, then starts the schedule; `done` resolves when the scenario is over. */
  async start(): Promise<void> {
    const pre = this.#ids.slice(0, this.#loop.preAllocatedVUs);
    this.#initialised = pre.length;
    const members = await Promise.all(pre.map((id) => this.#join(id)));
    for (const m of members) if (m) this.#idle.push(m);
    this.#deps.reportVus(this.#members);
    // The clock starts once the pre-allocated VUs are ready, as in k6 where they are initialised before the test.
    this.#startedAt = this.#clock.now();
    this.#started = true;
    if (this.#ending) return this.#finishIfIdle();
    this.#tick();
  }

  /** Stop starting iterations; running ones get `gracefulMs` to finish. */
  stop(gracefulMs: number): void {
    this.#end(gracefulMs);
  }

  async #join(id: number): Promise<Member | undefined> {
    const vu = await this.#deps.createVu(id);
    if (!vu) return undefined;
    const fn = execFunction(vu, this.#run, this.#deps.hooks);
    if (!fn) { this.#deps.release(vu); return undefined; }
    this.#members++;
    Atomics.add(this.#deps.control, ARRIVAL_VUS, 1);
    return { vu, fn };
  }

  readonly #tick = (): void => {
    this.#timer = undefined;
    if (this.#ending) return;
    const paused = this.#deps.hooks.pauseWait();
    if (paused) {
      const since = this.#clock.now();
      void paused.then(() => { this.#pausedMs += this.#clock.now() - since; this.#tick(); });
      return;
    }
    const elapsed = this.#clock.now() - this.#startedAt - this.#pausedMs;
    for (;;) {
      // this instance's iteration #next of the schedule (all of them, unless on an execution segment)
      const stripe = this.#run.iterationStripe;
      const at = this.#schedule.offsetOf(stripe === undefined ? this.#next : stripedIndex(stripe, this.#next));
      if (at === undefined) {
        // the schedule is over; iterations still waiting for a VU get their wait first
        if (this.#waitingHead < this.#waiting.length) { this.#timer = this.#clock.setTimeout(this.#tick, WAIT_FOR_VU_MS + 1); return; }
        return this.#end(this.#run.gracefulStopMs);
      }
      if (at > elapsed) {
        this.#timer = this.#clock.setTimeout(this.#tick, Math.ceil(at - elapsed));
        return;
      }
      const member = this.#idle.pop();
      if (member) {
        this.#startOn(member, at);
      } else {
        this.#wait(at);
      }
      this.#next += this.#loop.stride;
    }
  };

  /**
   * Starts the iteration scheduled at offset `at` on `member`. It takes the
   * scenario's next iteration number only now, as in k6: dropped iterations
   * take none, so the numbers stay 0..N-1 across workers.
   */
  #startOn(member: Member, at: number): void {
    this.#deps.late(this.#clock.now() - this.#startedAt - this.#pausedMs - at);
    this.#busy.add(member);
    const claimed = claimIteration(this.#counter);
    const stripe = this.#run.iterationStripe;
    runIteration(member.vu, member.fn, this.#setupData, stripe === undefined ? claimed : stripedIndex(stripe, claimed), this.#deps.hooks).then((goOn) => {
      if (!goOn) this.#end(0);
    }, (err) => this.#deps.hooks.onIterationError(member.vu, err)).finally(() => {
      if (!this.#busy.delete(member)) return; // abandoned meanwhile
      if (this.#ending) {
        this.#idle.push(member);
        this.#finishIfIdle();
        return;
      }
      const next = this.#takeWaiting();
      if (next) this.#startOn(member, next.at);
      else this.#idle.push(member);
    });
  }

  /** Every VU is busy: the iteration waits a little for one (see WAIT_FOR_VU_MS) while more VUs grow. */
  #wait(at: number): void {
    this.#waiting.push({ at, expires: this.#clock.now() + WAIT_FOR_VU_MS });
    this.#grow();
    if (this.#expiryTimer === undefined) this.#expiryTimer = this.#clock.setTimeout(this.#expire, WAIT_FOR_VU_MS + 1);
  }

  /** The oldest waiting iteration that has not expired, dropping the expired ones before it. */
  #takeWaiting(): Waiting | undefined {
    const now = this.#clock.now();
    while (this.#waitingHead < this.#waiting.length) {
      const w = this.#waiting[this.#waitingHead++];
      if (w.expires >= now) { this.#compactWaiting(); return w; }
      this.#deps.dropped();
    }
    this.#compactWaiting();
    return undefined;
  }

  /** Drops the waiting iterations whose wait is over; re-arms for the rest. */
  readonly #expire = (): void => {
    this.#expiryTimer = undefined;
    const now = this.#clock.now();
    while (this.#waitingHead < this.#waiting.length && this.#waiting[this.#waitingHead].expires < now) {
      this.#waitingHead++;
      this.#deps.dropped();
    }
    this.#compactWaiting();
    if (this.#waitingHead < this.#waiting.length) {
      this.#expiryTimer = this.#clock.setTimeout(this.#expire, Math.max(1, Math.ceil(this.#waiting[this.#waitingHead].expires - now)));
    }
  };

  #compactWaiting(): void {
    if (this.#waitingHead === this.#waiting.length) { this.#waiting = []; this.#waitingHead = 0; }
    else if (this.#waitingHead > 1024) { this.#waiting = this.#waiting.slice(this.#waitingHead); this.#waitingHead = 0; }
  }

  /** At the end every iteration still waiting is dropped. */
  #dropAllWaiting(): void {
    for (let i = this.#waitingHead; i < this.#waiting.length; i++) this.#deps.dropped();
    this.#waiting = [];
    this.#waitingHead = 0;
    if (this.#expiryTimer) { this.#clock.clearTimeout(this.#expiryTimer); this.#expiryTimer = undefined; }
  }

  /** One more VU in the background, if maxVUs allows and not too many are being initialised already. */
  #grow(): void {
    if (this.#growing >= MAX_GROWING) return;
    if (this.#initialised >= this.#ids.length) {
      // warn once every VU has joined, so the count it names is the real ceiling
      if (!this.#warned && this.#growing === 0) {
        this.#warned = true;
        this.#deps.warn(`Insufficient VUs, reached ${this.#members} active VUs and cannot initialize more  executor=${this.#run.executor} scenario=${this.#run.name}`);
      }
      return;
    }
    this.#growing++;
    const id = this.#ids[this.#initialised++];
    void this.#join(id).then((m) => {
      this.#growing--;
      if (!m) return;
      Atomics.add(this.#deps.control, GROWN_VUS, 1);
      this.#deps.reportVus(this.#members);
      if (this.#ending) { this.#release(m); return; }
      const next = this.#takeWaiting();
      if (next) this.#startOn(m, next.at);
      else this.#idle.push(m);
    });
  }

  #end(gracefulMs: number): void {
    if (this.#ending) return;
    this.#ending = true;
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#dropAllWaiting();
    if (this.#busy.size > 0 && gracefulMs > 0) {
      this.#graceTimer = this.#clock.setTimeout(() => this.#abandonBusy(), gracefulMs);
    } else {
      this.#abandonBusy();
    }
  }

  #abandonBusy(): void {
    for (const m of this.#busy) {
      this.#busy.delete(m);
      this.#deps.abandon(m.vu);
      this.#leave();
    }
    this.#finishIfIdle();
  }

  #finishIfIdle(): void {
    if (this.#busy.size > 0 || !this.#started) return;
    if (this.#graceTimer) this.#clock.clearTimeout(this.#graceTimer);
    for (const m of this.#idle.splice(0)) this.#release(m);
    if (this.#growing === 0) {
      this.#deps.reportVus(0);
      this.#resolveDone();
    }
    else this.#clock.setTimeout(() => this.#finishIfIdle(), 10);
  }

  #release(m: Member): void {
    this.#deps.release(m.vu);
    this.#leave();
  }

  #leave(): void {
    Atomics.sub(this.#deps.control, ARRIVAL_VUS, 1);
  }
}

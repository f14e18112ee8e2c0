/**
 * Runs every scenario concurrently, each after its startTime, and resolves
 * when all are done. `stop()` asks every scenario to stop gracefully;
 * `scale()` reaches the externally-controlled scenarios.
 */
import type { ScenarioConfig } from '../config/options.ts';
import { StampedeError, ExitCode } from '../errors/index.ts';
import { systemClock, type Clock } from '../lib/index.ts';
import type { ExecutorPool, Scaler } from './executor.ts';
import { ControlError } from './control-error.ts';
import { EXECUTORS, runnerOf } from './executors/index.ts';

export class Scheduler {
  readonly #pool: ExecutorPool;
  readonly #clock: Clock;
  readonly #epochNow: () => number;
  readonly #stop = new AbortController();
  readonly #scalers: Scaler[] = [];
  /** epoch ms each scenario started and ended (absent until it does) */
  readonly #times = new Map<string, { startedAt?: number; endedAt?: number }>();

  /**
   * `clock` runs the timers and the runners' elapsed time; `epochNow` gives
   * the epoch ms that testStart, the scenarios' times and the workers'
   * deadlines are in. Tests pass a ManualClock and its `now` for both.
   */
  constructor(pool: ExecutorPool, clock: Clock = systemClock, epochNow: () => number = Date.now) {
    this.#pool = pool;
    this.#clock = clock;
    this.#epochNow = epochNow;
  }

  /** Throws before starting anything if a scenario's executor is not implemented. */
  static check(scenarios: ScenarioConfig[]): void {
    for (const s of scenarios) {
      if (!runnerOf(s)) {
        throw new StampedeError('E_EXECUTOR_UNSUPPORTED', `scenarios.${s.name}.executor: "${s.executor}" is not supported yet`, {
          exitCode: ExitCode.invalidConfig,
          hint: `supported now: ${Object.keys(EXECUTORS).join(', ')}`,
        });
      }
    }
  }

  async run(scenarios: ScenarioConfig[], setupData: unknown, testStart: number): Promise<void> {
    await Promise.all(scenarios.map((s) => this.#runOne(s, setupData, testStart)));
  }

  stop(): void {
    this.#stop.abort();
  }

  get stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  /** VUs and max VUs of the externally-controlled scenarios, or undefined when there is none. */
  get external(): { vus: number; maxVUs: number } | undefined {
    if (this.#scalers.length === 0) return undefined;
    return { vus: this.#scalers.reduce((n, s) => n + s.vus, 0), maxVUs: this.#scalers.reduce((n, s) => n + s.maxVUs, 0) };
  }

  /**
   * Sets the looping VUs (and optionally raises max VUs) of the running
   * externally-controlled scenario, as k6's PATCH /v1/status does.
   */
  scale(vus: number, maxVUs?: number): void {
    if (this.stopped) throw new ControlError('the test is stopping');
    if (this.#scalers.length !== 1) {
      throw new ControlError(this.#scalers.length === 0
        ? 'only an externally-controlled scenario can be scaled, and none is running'
        : 'more than one externally-controlled scenario is running; scaling needs exactly one');
    }
    this.#scalers[0].scale(vus, maxVUs);
  }

  /** When the scenario started and ended, in epoch ms (undefined until it does). */
  timesOf(scenario: string): { startedAt?: number; endedAt?: number } {
    return this.#times.get(scenario) ?? {};
  }

  async #runOne(s: ScenarioConfig, setupData: unknown, testStart: number): Promise<void> {
    const startAt = testStart + s.startTimeMs;
    const wait = startAt - this.#epochNow();
    if (wait > 0) {
      await new Promise<void>((resolve) => {
        const t = this.#clock.setTimeout(resolve, wait);
        this.#stop.signal.addEventListener('abort', () => { this.#clock.clearTimeout(t); resolve(); }, { once: true });
      });
    }
    const times: { startedAt?: number; endedAt?: number } = {};
    this.#times.set(s.name, times);
    if (this.#stop.signal.aborted) { times.endedAt = this.#epochNow(); return; }
    let scaler: Scaler | undefined;
    times.startedAt = this.#epochNow();
    try {
      await runnerOf(s)!.run({
        scenario: s, pool: this.#pool, setupData, startedAt: times.startedAt, clock: this.#clock, signal: this.#stop.signal,
        registerScaler: (sc) => { scaler = sc; this.#scalers.push(sc); },
      });
    } finally {
      times.endedAt = this.#epochNow();
      if (scaler) this.#scalers.splice(this.#scalers.indexOf(scaler), 1);
    }
  }
}
